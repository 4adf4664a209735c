package io.halkyon.plugin.sdk.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ways a plugin process stops, all ending in {@link PluginRuntime#stop} and exit status 0:
 * the Shutdown RPC and SIGTERM (graceful), the launching process's death (immediate), and any
 * other JVM exit (a shutdown hook, so the socket is removed even then). SIGINT is ignored as
 * in go-plugin. A watchdog halts the JVM if stopping hangs (in a plugin's own shutdown hook,
 * say).
 */
final class StopPaths {

    private static final Logger log = LoggerFactory.getLogger(StopPaths.class);

    /** How long the stop may take beyond its own bound before the JVM is halted. */
    private static final Duration WATCHDOG_SLACK = Duration.ofSeconds(2);

    private volatile PluginRuntime runtime;

    void install(PluginRuntime runtime, String name, Optional<ProcessHandle> parent, Map<String, String> env,
                 Duration parentCheckInterval) {
        this.runtime = runtime;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> runtime.stop("JVM shutdown", true),
                "plugin-shutdown-hook"));
        if (!Signals.handle("TERM", () -> requestStop("SIGTERM", true))) {
            log.debug("plugin '{}': no SIGTERM handler, relying on the shutdown hook", name);
        }
        // A Ctrl-C in the host's terminal reaches the whole process group; the host decides
        // when its plugins stop.
        Signals.handle("INT", () -> log.debug("plugin '{}': SIGINT ignored, the host stops its plugins", name));
        ParentWatcher.start(name, parent, env, System.in, parentCheckInterval, reason -> requestStop(reason, false));
    }

    /** Stops on a fresh thread (never the caller's: a gRPC, signal or timer thread), then exits with 0. */
    void requestStop(String reason, boolean graceful) {
        PluginRuntime current = runtime;
        if (current == null || current.isStopping()) {
            return;
        }
        new Thread(() -> {
            startWatchdog(current.stopBound().plus(WATCHDOG_SLACK));
            current.stop(reason, graceful);
            System.exit(0);
        }, "plugin-stop").start();
    }

    private static void startWatchdog(Duration bound) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(bound.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            Runtime.getRuntime().halt(0);
        }, "plugin-stop-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
