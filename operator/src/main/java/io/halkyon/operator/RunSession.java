package io.halkyon.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.halkyon.operator.observe.Observability;
import io.halkyon.operator.reconcile.OperatorSettings;
import io.halkyon.plugin.host.PluginStateListener;
import java.io.PrintWriter;
import java.util.List;

/** The {@link RunContext} of one {@code run}: what {@link RunCommand} set up, for its target. */
record RunSession(OperatorSettings settings, PrintWriter out, PrintWriter err, boolean logsLowered, LoadedPlugins loaded,
                  RemotePluginOptions remote, PluginOptions plugins, ShutdownSignal shutdown, Observability observe)
        implements RunContext {

    @Override
    public List<String> describePlugins() {
        return loaded.describe();
    }

    @Override
    public void addStateListener(PluginStateListener listener) {
        loaded.addStateListener(listener);
    }

    @Override
    public RemoteServer startRemoteServer(KubernetesClient client) {
        return RemoteServer.start(remote, client, plugins, loaded, observe);
    }

    @Override
    public void awaitShutdown() throws InterruptedException {
        shutdown.await();
    }
}
