package io.halkyon.plugin.sdk;

import io.grpc.BindableService;
import io.halkyon.plugin.grpc.PluginBroker;
import java.util.List;
import java.util.Objects;

/**
 * What a plugin serves for one app protocol version: go-plugin's plugin set on the plugin side
 * ({@code GRPCPlugin.GRPCServer(broker, server)}). Given the broker to the host, it returns the
 * gRPC services to register; they are made once, when the version is negotiated.
 *
 * <pre>{@code
 * ServeConfig.builder().cookie("BASIC_PLUGIN", "hello")
 *         .plugins(2, PluginServices.of(new KvService()))
 *         .plugins(3, broker -> List.of(new CounterService(broker)))   // calls back into the host
 *         .build();
 * }</pre>
 */
@FunctionalInterface
public interface PluginServices {

    /** The services to serve; the broker reaches the host (see {@link PluginBroker}). */
    List<BindableService> services(PluginBroker broker);

    /** A fixed list of services that need no broker. */
    static PluginServices of(BindableService... services) {
        List<BindableService> list = List.of(services);
        list.forEach(s -> Objects.requireNonNull(s, "service"));
        return broker -> list;
    }
}
