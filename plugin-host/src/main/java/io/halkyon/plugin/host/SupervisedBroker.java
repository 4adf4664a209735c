package io.halkyon.plugin.host;

import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.halkyon.plugin.grpc.BrokerServer;
import io.halkyon.plugin.grpc.PluginBroker;

/**
 * The broker of a supervised plugin's stable connection: each call goes to the broker of the
 * process running now, and fails fast, saying why, while there is none. Servers and channels
 * belong to the process they were made with and end with it.
 */
final class SupervisedBroker implements PluginBroker {

    private final Supervisor supervisor;

    SupervisedBroker(Supervisor supervisor) {
        this.supervisor = supervisor;
    }

    @Override
    public int nextId() {
        return current().nextId();
    }

    @Override
    public BrokerServer acceptAndServe(int id, BindableService... services) {
        return current().acceptAndServe(id, services);
    }

    @Override
    public ManagedChannel dial(int id) {
        return current().dial(id);
    }

    private PluginBroker current() {
        PluginClient client = supervisor.runningClient();
        if (client == null) {
            throw supervisor.access().unavailable();
        }
        return client.broker();
    }
}
