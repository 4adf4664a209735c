package io.halkyon.plugin.host.internal;

import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.host.PluginConnection;
import io.halkyon.plugin.proto.capability.v1.CapabilityPluginGrpc;
import io.halkyon.plugin.proto.capability.v1.CapabilityPluginGrpc.CapabilityPluginBlockingStub;
import io.grpc.StatusRuntimeException;
import java.util.function.Function;
import java.util.function.Supplier;

/** Capability calls over a plugin's connection (which sets the deadline, fails fast and translates errors). */
final class PluginCalls {

    private final PluginConnection connection;
    private final CapabilityPluginBlockingStub stub;

    PluginCalls(PluginConnection connection) {
        this.connection = connection;
        this.stub = CapabilityPluginGrpc.newBlockingStub(connection.channel());
    }

    String pluginName() {
        return connection.pluginName();
    }

    /**
     * Runs one call, translating a gRPC failure as {@link PluginConnection#call} does, and names
     * the call only when it fails: the description of a call that succeeds is never built.
     */
    <T> T call(Supplier<String> what, Function<CapabilityPluginBlockingStub, T> rpc) {
        try {
            return rpc.apply(stub);
        } catch (StatusRuntimeException e) {
            throw connection.translate(what.get(), e);
        }
    }

    void kill() {
        connection.kill();
    }

    /** An error about a plugin's answer (not about the call itself). */
    PluginException badAnswer(String what, String problem, Throwable cause) {
        return new PluginException(pluginName(), "plugin '" + pluginName() + "': " + what + " returned " + problem, cause);
    }
}
