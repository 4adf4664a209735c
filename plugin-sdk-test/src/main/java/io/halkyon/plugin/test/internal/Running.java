package io.halkyon.plugin.test.internal;

import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.api.PluginResource;
import io.halkyon.plugin.host.CapabilityPlugins;
import io.halkyon.plugin.host.PluginClient;
import io.halkyon.plugin.host.PluginClientConfig;
import io.halkyon.plugin.host.ReattachConfig;
import io.halkyon.plugin.sdk.PluginServer;
import io.halkyon.plugin.sdk.ServeConfig;
import io.halkyon.plugin.sdk.ServedPlugin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One started plugin: the host's client and its {@link Plugin}, and for an in-JVM plugin the
 * SDK's server. Stopping it proves it is gone: the process and everything it started have
 * exited, or the in-JVM server has stopped.
 */
public final class Running {

    private static final Logger log = LoggerFactory.getLogger(Running.class);
    /** After kill() returns (itself bounded by the config's graces), how long exits may take to be seen. */
    private static final Duration EXIT_WAIT = Duration.ofSeconds(10);

    private final PluginClient client;
    private final ServedPlugin served;
    private final Plugin plugin;

    private Running(PluginClient client, ServedPlugin served) {
        this.client = client;
        this.served = served;
        Plugin dispensed;
        try {
            dispensed = CapabilityPlugins.dispense(client);
        } catch (RuntimeException e) {
            stopQuietly();
            throw e;
        }
        this.plugin = dispensed;
    }

    /** Launches the configured process as the host does (handshake, health, GetInfo). */
    public static Running launch(PluginClientConfig config) {
        return new Running(PluginClient.start(config), null);
    }

    /** Serves {@code resource} in this JVM with the SDK's server and connects the host's client to it. */
    public static Running serve(PluginResource resource, PluginClientConfig config) {
        ServedPlugin served = PluginServer.start(resource, ServeConfig.defaults());
        PluginClient client;
        try {
            client = PluginClient.reattach(config.name().isEmpty() ? config.toBuilder().name(served.name()).build()
                    : config, ReattachConfig.of(served.handshakeLine()));
        } catch (RuntimeException e) {
            served.close();
            throw e;
        }
        return new Running(client, served);
    }

    public PluginClient client() {
        return client;
    }

    public Plugin plugin() {
        return plugin;
    }

    /**
     * Kills the plugin and waits until it is gone.
     *
     * @return what is still there, for the caller to report: empty when all is gone
     */
    public List<String> stop() {
        List<ProcessHandle> tree = new ArrayList<>();
        client.pid().ifPresent(pid -> ProcessHandle.of(pid).ifPresent(handle -> {
            tree.add(handle);
            handle.descendants().forEach(tree::add);
        }));
        client.kill();
        List<String> left = new ArrayList<>();
        long deadline = System.nanoTime() + EXIT_WAIT.toNanos();
        for (ProcessHandle process : tree) {
            if (!awaitExit(process, deadline)) {
                left.add("process " + process.pid() + " (" + process.info().commandLine().orElse("?") + ")");
                process.destroyForcibly();
            }
        }
        if (served != null) {
            served.close();
            if (!served.isStopped()) {
                left.add("the in-JVM server of plugin '" + served.name() + "'");
            }
        }
        if (!left.isEmpty()) {
            log.error("plugin '{}': still running after kill, killed by force: {}", client.name(), left);
        }
        return left;
    }

    private void stopQuietly() {
        try {
            client.kill();
        } finally {
            if (served != null) {
                served.close();
            }
        }
    }

    private static boolean awaitExit(ProcessHandle process, long deadline) {
        try {
            process.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return !process.isAlive();
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
