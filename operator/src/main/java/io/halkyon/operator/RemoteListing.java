package io.halkyon.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.halkyon.plugin.host.PluginRegistry;
import io.halkyon.plugin.host.remote.RemotePluginServer;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code plugins}' look at remote plugins: the server of {@link RemotePluginOptions} (when enabled)
 * accepts plugins for a while; then their rows are read. Closing stops the server and its client.
 */
final class RemoteListing implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RemoteListing.class);

    private final KubernetesClient client;
    private final RemotePluginServer server;
    private final long untilNanos;

    private RemoteListing(KubernetesClient client, RemotePluginServer server, long untilNanos) {
        this.client = client;
        this.server = server;
        this.untilNanos = untilNanos;
    }

    /** Starts accepting now, and returns at once (local plugins load meanwhile). */
    static RemoteListing start(RemotePluginOptions options, PluginOptions plugins, Duration wait) {
        if (!options.enabled()) {
            return new RemoteListing(null, null, 0);
        }
        KubernetesClient client = new KubernetesClientBuilder().build();
        try {
            RemotePluginServer server = options.start(client, plugins);
            log.info("accepting remote plugins on {} for {}", server.address(), DurationConverter.format(wait));
            return new RemoteListing(client, server, System.nanoTime() + wait.toNanos());
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** The remote plugins that registered, once the wait is over. */
    List<PluginRow> rows() throws InterruptedException {
        if (server == null) {
            return List.of();
        }
        long left = untilNanos - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000)); // the listing is of what registered within the wait
        }
        return server.plugins().list().stream().map(PluginRow::of).toList();
    }

    PluginRegistry registry() {
        return server == null ? PluginRegistry.empty() : server.plugins().registry();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
            client.close();
        }
    }
}
