package io.halkyon.plugin.host.internal;

import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.grpc.PluginBroker;
import io.halkyon.plugin.host.PluginConnection;
import java.time.Duration;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/** The one {@link PluginConnection}: of one process, or of a supervised plugin across restarts. */
public final class Connection implements PluginConnection {

    private final String pluginName;
    private final IntSupplier appVersion;
    private final CallGate gate;
    private final PluginBroker broker;
    private final Runnable killer;

    public Connection(String pluginName, IntSupplier appVersion, CallGate gate, PluginBroker broker, Runnable killer) {
        this.pluginName = pluginName;
        this.appVersion = appVersion;
        this.gate = gate;
        this.broker = broker;
        this.killer = killer;
    }

    @Override
    public String pluginName() {
        return pluginName;
    }

    @Override
    public int appVersion() {
        return appVersion.getAsInt();
    }

    @Override
    public Channel channel() {
        return gate;
    }

    @Override
    public PluginBroker broker() {
        return broker;
    }

    @Override
    public Duration callTimeout() {
        return gate.callTimeout();
    }

    @Override
    public <T> T call(String what, Supplier<T> rpc) {
        return gate.call(what, rpc);
    }

    @Override
    public void kill() {
        killer.run();
    }

    @Override
    public PluginException translate(String what, StatusRuntimeException e) {
        return gate.translate(what, e);
    }

    @Override
    public String toString() {
        return "PluginConnection{" + pluginName + '}';
    }
}
