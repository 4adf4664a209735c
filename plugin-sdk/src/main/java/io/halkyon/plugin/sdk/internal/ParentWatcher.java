package io.halkyon.plugin.sdk.internal;

import io.halkyon.plugin.api.PluginProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the plugin when the host that launched it is gone, so a killed host leaves no orphan
 * (go-plugin's most reported problem). Two watches:
 * <ul>
 *   <li>the parent captured at start, polled on a daemon thread: gone when it is no longer
 *       running (a zombie counts as gone) or the plugin has been re-parented (to init or a
 *       subreaper) - the handle's start time also guards against a reused pid;</li>
 *   <li>when {@code HALKYON_PLUGIN_STDIN_WATCH=1}, stdin: a pipe only the host holds open, so
 *       end of file means the host is gone even when a wrapper (a shell script) launched the
 *       plugin and the parent says nothing. Anything read is discarded.</li>
 * </ul>
 */
public final class ParentWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ParentWatcher.class);

    private final ScheduledExecutorService timer;

    private ParentWatcher(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /**
     * Starts watching.
     *
     * @param parent   the launching process, captured as early as possible
     * @param env      the environment, for {@code HALKYON_PLUGIN_STDIN_WATCH}
     * @param stdin    the process's stdin
     * @param interval how often to look at the parent
     * @param onGone   called once, with the reason, when the host is gone
     */
    public static ParentWatcher start(String pluginName, Optional<ProcessHandle> parent, Map<String, String> env,
                                      InputStream stdin, Duration interval, Consumer<String> onGone) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "plugin-parent-watch");
            thread.setDaemon(true);
            return thread;
        });
        ParentWatcher watcher = new ParentWatcher(timer);
        AtomicBoolean told = new AtomicBoolean();
        Consumer<String> once = reason -> {
            if (told.compareAndSet(false, true)) {
                timer.shutdown();
                onGone.accept(reason);
            }
        };
        timer.scheduleWithFixedDelay(() -> {
            String reason = goneReason(parent);
            if (reason != null) {
                once.accept(reason);
            }
        }, 0, Math.max(1, interval.toMillis()), TimeUnit.MILLISECONDS);
        if ("1".equals(env.get(PluginProtocol.ENV_STDIN_WATCH))) {
            Thread reader = new Thread(() -> once.accept(awaitEndOfFile(pluginName, stdin)), "plugin-stdin-watch");
            reader.setDaemon(true);
            reader.start();
        }
        return watcher;
    }

    static String goneReason(Optional<ProcessHandle> parent) {
        if (parent.isPresent()) {
            ProcessHandle launcher = parent.get();
            if (!ProcessLiveness.isRunning(launcher)) {
                return "the launching process " + launcher.pid() + " is gone";
            }
            Optional<ProcessHandle> now = ProcessHandle.current().parent();
            if (now.isPresent() && now.get().pid() != launcher.pid()) {
                return "the launching process " + launcher.pid() + " is gone (re-parented to " + now.get().pid() + ")";
            }
        }
        return null;
    }

    /** Blocks until stdin ends; the reason to stop. */
    static String awaitEndOfFile(String pluginName, InputStream stdin) {
        byte[] discard = new byte[4096];
        try {
            while (stdin.read(discard) >= 0) {
                // the host never writes; whatever comes is dropped
            }
            return "the host is gone (its end of stdin closed, " + PluginProtocol.ENV_STDIN_WATCH + ")";
        } catch (IOException e) {
            log.debug("plugin '{}': stdin unreadable: {}", pluginName, e.toString());
            return "the host is gone (stdin failed: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
