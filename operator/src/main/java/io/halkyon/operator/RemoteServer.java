package io.halkyon.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.halkyon.operator.observe.Observability;
import io.halkyon.operator.reconcile.MergedPluginSource;
import io.halkyon.operator.reconcile.PluginSource;
import io.halkyon.plugin.host.remote.RemotePluginServer;
import java.util.Optional;

/**
 * The remote plugin server of a running operator, when {@link RemotePluginOptions} enable it, and
 * the plugin source the reconciler reads: the local plugins merged with the remote ones. Every
 * remote plugin's state change is logged, and measured, as a local plugin's is. Closing stops the server (its
 * plugins' calls fail as unavailable; they reconnect to the next operator).
 */
public final class RemoteServer implements AutoCloseable {

    private final RemotePluginServer server;
    private final PluginSource source;

    private RemoteServer(RemotePluginServer server, PluginSource source) {
        this.server = server;
        this.source = source;
    }

    static RemoteServer start(RemotePluginOptions options, KubernetesClient client, PluginOptions plugins,
                              LoadedPlugins loaded, Observability observe) {
        if (!options.enabled()) {
            return new RemoteServer(null, loaded.source());
        }
        RemotePluginServer server = options.start(client, plugins, observe.callObserver());
        server.plugins().addStateListener(LoadedPlugins::log);
        server.plugins().addStateListener(observe.stateListener());
        return new RemoteServer(server, new MergedPluginSource(loaded.source(), server.plugins()));
    }

    /** The local plugins, merged with the remote ones when the server runs: what to reconcile with. */
    public PluginSource source() {
        return source;
    }

    /** The remote plugin server, when {@code run}'s options enable it. */
    public Optional<RemotePluginServer> server() {
        return Optional.ofNullable(server);
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
