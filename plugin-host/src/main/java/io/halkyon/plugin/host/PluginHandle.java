package io.halkyon.plugin.host;

import io.halkyon.plugin.api.Plugin;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

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

    /** The pid of its latest process that completed its start (it may have exited since). */
    public OptionalLong pid() {
        return supervisor.lastClient().map(PluginClient::pid).orElse(OptionalLong.empty());
    }

    /** The app protocol version its latest process negotiated. */
    public OptionalInt protocolVersion() {
        return supervisor.lastClient().map(c -> OptionalInt.of(c.protocolVersion())).orElse(OptionalInt.empty());
    }

    /** The address its latest process printed: a socket path, or {@code host:port}. */
    public Optional<String> address() {
        return supervisor.lastClient().map(PluginClient::address);
    }

    /**
     * The typed client of kind {@code kind} (see {@link PluginClient#dispense}), made once and
     * the same object across restarts: it calls whichever process is running, and fails fast while
     * none is (a retryable {@link io.halkyon.plugin.api.PluginUnavailableException} through
     * {@link PluginConnection#call}, {@code UNAVAILABLE} from a raw stub).
     *
     * @throws io.halkyon.plugin.api.PluginUnavailableException when it never started
     * @throws io.halkyon.plugin.api.PluginNotFoundException when its negotiated set has no such kind
     */
    public <T> T dispense(String kind, Class<T> type) {
        return supervisor.access().dispense(kind, type);
    }

    /** Its connection, the same across restarts (see {@link PluginConnection}). */
    public PluginConnection connection() {
        return supervisor.access().connection();
    }

    /**
     * The Capability plugin, once it answered GetInfo (only plugins whose set has the
     * {@linkplain CapabilityPlugins#KIND Capability kind}): a proxy that stays the same across
     * restarts, goes to the current process when RUNNING and fails fast otherwise (see
     * {@link PluginManager#registry()}).
     */
    public Optional<Plugin> plugin() {
        return supervisor.plugin();
    }

    /**
     * Stops it for good, as {@link io.halkyon.plugin.api.Plugin#kill()} on its plugin does: its
     * process is stopped (Shutdown, SIGTERM, SIGKILL, bounded), it is not restarted, it ends
     * STOPPED and leaves the registry. Only a change of its file, under {@link PluginManager#watch},
     * loads it again (as a new handle). Idempotent.
     */
    public void stop() {
        supervisor.stop();
    }

    @Override
    public String toString() {
        return "PluginHandle{file=" + file + ", state=" + state() + (restartCount() > 0 ? ", restarts="
                + restartCount() : "") + failure().map(f -> ", failure=" + f.getMessage()).orElse("") + '}';
    }
}
