package io.halkyon.plugin.sdk.internal;

import io.halkyon.plugin.api.PluginProtocol;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the plugin when the process that launched it is gone, so a killed host leaves no
 * orphan (go-plugin's most reported problem). Two watches, polled on a daemon thread:
 * <ul>
 *   <li>the parent captured at start: gone when it is no longer running (a zombie counts as
 *       gone) or the plugin has
 *       been re-parented (to init or a subreaper) - the handle's start time also guards
 *       against a reused pid;</li>
 *   <li>the host pid from {@code HALKYON_PLUGIN_HOST_PID}, when set (the host may launch the
 *       plugin through a wrapper such as a shell script, whose death says nothing).</li>
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
     * @param env      the environment, for {@code HALKYON_PLUGIN_HOST_PID}
     * @param interval how often to look
     * @param onGone   called once, with the reason, when a watched process is gone
     */
    public static ParentWatcher start(String pluginName, Optional<ProcessHandle> parent, Map<String, String> env,
                                      Duration interval, Consumer<String> onGone) {
        Optional<HostProcess> host = hostProcess(pluginName, env);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "plugin-parent-watch");
            thread.setDaemon(true);
            return thread;
        });
        ParentWatcher watcher = new ParentWatcher(timer);
        Runnable check = () -> {
            String reason = goneReason(parent, host);
            if (reason != null) {
                timer.shutdown();
                onGone.accept(reason);
            }
        };
        timer.scheduleWithFixedDelay(check, 0, Math.max(1, interval.toMillis()), TimeUnit.MILLISECONDS);
        return watcher;
    }

    static String goneReason(Optional<ProcessHandle> parent, Optional<HostProcess> host) {
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
        if (host.isPresent() && !host.get().isAlive()) {
            return "the host process " + host.get().pid() + " (" + PluginProtocol.ENV_HOST_PID + ") is gone";
        }
        return null;
    }

    private static Optional<HostProcess> hostProcess(String pluginName, Map<String, String> env) {
        String value = env.get(PluginProtocol.ENV_HOST_PID);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            log.warn("plugin '{}': ignoring {}='{}': not a process id", pluginName, PluginProtocol.ENV_HOST_PID, value);
            return Optional.empty();
        }
        // Looked up once: a handle remembers the start time, so a reused pid is not mistaken
        // for the host. A pid that does not exist now means the host is already gone.
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        return Optional.of(new HostProcess(pid,
                handle.isPresent() ? () -> ProcessLiveness.isRunning(handle.get()) : () -> false));
    }

    /** The host named by {@code HALKYON_PLUGIN_HOST_PID}. */
    record HostProcess(long pid, java.util.function.BooleanSupplier alive) {
        boolean isAlive() {
            return alive.getAsBoolean();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
