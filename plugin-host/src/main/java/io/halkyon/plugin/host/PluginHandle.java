package io.halkyon.plugin.host;

import io.halkyon.plugin.api.Plugin;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One plugin file a {@link PluginManager} loaded, supervised: the same handle across the
 * restarts of its process, until the file changes or is removed (then the manager stops it, and
 * a changed file gets a new handle). Its {@link #state()} follows the supervised model of
 * {@link PluginState}. Thread-safe; every getter reads the current value.
 */
public final class PluginHandle {

    private final Path file;
    private final String name;
    private final Supervisor supervisor;

    PluginHandle(Path file, String name, Supervisor supervisor) {
        this.file = file;
        this.name = name;
        this.supervisor = supervisor;
    }

    /** The plugin file. */
    public Path file() {
        return file;
    }

    /** The configured name: the file name without {@code .jar}. */
    public String name() {
        return name;
    }

    /**
     * RUNNING once loaded; UNHEALTHY, RESTARTING and STARTING while the supervisor replaces its
     * process; FAILED if it could not start, or gave up (crash loop, restarts disabled); STOPPING
     * and STOPPED once unloaded.
     */
    public PluginState state() {
        return supervisor.state();
    }

    /**
     * Why it is not RUNNING: why it could not start, why it is being restarted (exit status and
     * last stderr lines, missed health checks) or why it gave up ("crash loop: N failures within
     * W" with the last failure as cause). Empty while RUNNING.
     */
    public Optional<Throwable> failure() {
        return state() == PluginState.RUNNING ? Optional.empty() : supervisor.failure();
    }

    /** How many times its process was restarted (attempts, successful or not) since it was loaded. */
    public int restartCount() {
        return supervisor.restarts();
    }

    /** The client of its latest process that completed its start (it may have exited since). */
    public Optional<PluginClient> client() {
        return supervisor.client();
    }

    /**
     * The plugin, once it answered GetInfo: a proxy that stays the same across restarts, goes to
     * the current process when RUNNING and fails fast otherwise (see {@link PluginManager#registry()}).
     */
    public Optional<Plugin> plugin() {
        return supervisor.plugin();
    }

    /** Stops it for good (unload, reload, close). */
    void stop() {
        supervisor.stop();
    }

    @Override
    public String toString() {
        return "PluginHandle{file=" + file + ", state=" + state() + (restartCount() > 0 ? ", restarts="
                + restartCount() : "") + failure().map(f -> ", failure=" + f.getMessage()).orElse("") + '}';
    }
}
