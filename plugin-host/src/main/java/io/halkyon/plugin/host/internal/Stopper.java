package io.halkyon.plugin.host.internal;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.halkyon.plugin.proto.goplugin.Empty;
import io.halkyon.plugin.proto.goplugin.GRPCControllerGrpc;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a plugin's process tree: Shutdown RPC, wait {@code shutdownGrace}, SIGTERM to the tree,
 * wait {@code terminateGrace}, SIGKILL to the tree. Every wait is bounded; the whole takes at
 * most shutdownGrace + terminateGrace + about 3 s.
 */
public final class Stopper {

    private static final Logger log = LoggerFactory.getLogger(Stopper.class);
    private static final long AFTER_KILL_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

    private Stopper() {
    }

    /**
     * @param channel       the plugin's channel for a graceful Shutdown RPC, or null to skip straight
     *                      to SIGKILL (start failures, plugins that already failed)
     * @param shutdownGrace zero skips the Shutdown RPC (a plugin that stopped answering): SIGTERM first
     */
    public static void stop(String pluginName, ProcessTree tree, ManagedChannel channel,
                            Duration shutdownGrace, Duration terminateGrace) {
        tree.snapshot(); // remember descendants while they are still ours
        boolean exited = !tree.process().isAlive() && tree.awaitExit(0);
        if (!exited && channel != null) {
            long start = System.nanoTime();
            if (!shutdownGrace.isZero()) {
                shutdownRpc(pluginName, channel, shutdownGrace);
                exited = tree.awaitExit(Durations.remainingNanos(start + shutdownGrace.toNanos()));
            }
            if (!exited) {
                if (shutdownGrace.isZero()) {
                    log.info("plugin '{}': sending SIGTERM", pluginName);
                } else {
                    log.info("plugin '{}': still running {} after Shutdown, sending SIGTERM", pluginName,
                            Durations.format(shutdownGrace));
                }
                tree.terminate();
                exited = tree.awaitExit(terminateGrace.toNanos());
                if (!exited) {
                    log.warn("plugin '{}': still running {} after SIGTERM, sending SIGKILL", pluginName,
                            Durations.format(terminateGrace));
                }
            }
        }
        // Always: SIGKILL whatever is left of the tree (for a graceful stop only leftovers of
        // the process group, e.g. re-parented grandchildren, are still there).
        tree.kill();
        if (!tree.awaitExit(AFTER_KILL_WAIT_NANOS)) {
            log.error("plugin '{}': pid {} or one of its children survived SIGKILL", pluginName, tree.process().pid());
        }
    }

    static void shutdownRpc(String pluginName, ManagedChannel channel, Duration grace) {
        try {
            GRPCControllerGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(grace.toNanos(), TimeUnit.NANOSECONDS)
                    .shutdown(Empty.getDefaultInstance());
        } catch (StatusRuntimeException e) {
            // Expected when the plugin exits before answering, or does not implement it.
            log.debug("plugin '{}': Shutdown RPC: {}", pluginName, e.getStatus());
        }
    }
}
