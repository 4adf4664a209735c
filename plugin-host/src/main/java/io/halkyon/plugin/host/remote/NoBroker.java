package io.halkyon.plugin.host.remote;

import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.grpc.BrokerServer;
import io.halkyon.plugin.grpc.PluginBroker;

/** A remote plugin's broker: the registration stream carries no GRPCBroker, so every use says so. */
final class NoBroker implements PluginBroker {

    private final String pluginName;

    NoBroker(String pluginName) {
        this.pluginName = pluginName;
    }

    @Override
    public int nextId() {
        throw refused();
    }

    @Override
    public BrokerServer acceptAndServe(int id, BindableService... services) {
        throw refused();
    }

    @Override
    public ManagedChannel dial(int id) {
        throw refused();
    }

    private PluginException refused() {
        return new PluginException(pluginName, "plugin '" + pluginName + "' is a remote plugin: its registration "
                + "stream carries no GRPCBroker; it can only be called");
    }
}
