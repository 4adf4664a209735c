package io.halkyon.plugin.host;

import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.PluginUnavailableException;
import io.halkyon.plugin.host.internal.Durations;
import io.halkyon.plugin.host.internal.Lifecycle;
import io.halkyon.plugin.host.internal.Threads;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one loaded plugin file running: starts it, starts it again when a start fails or its
 * process exits or misses health checks (backoff with jitter, crash-loop detection, see
 * {@link RestartPolicy} and {@link HealthCheckPolicy}), and stops it. Its {@link Lifecycle} is
 * the supervised state model of {@link PluginState}.
 *
 * <p>Each process is a {@link Launch}; events from a launch that is no longer current (a late
 * exit, a health answer, a start finishing after a stop) are recognised and dropped. Decisions
 * are made under this object's lock; state changes are delivered after it is released, so
 * listeners (the manager) may take their own locks.
 */
final class Supervisor {

    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

    /** One process of this plugin, from launch to its end. */
    private static final class Launch {
        final int attempt;
        PluginClient client;
        Plugin plugin;
        boolean started;
        boolean over;
        HealthWatch health;

        Launch(int attempt) {
            this.attempt = attempt;
        }
    }

    /** What a caller sees at one moment. */
    record View(PluginState state, int restarts, Throwable failure, long nextAttemptNanos) {
    }

    private final Path file;
    private final String name;
    private final PluginClientConfig config;
    private final HealthCheckPolicy health;
    private final FailureHistory history;
    private final ManagerThreads threads;
    private final Lifecycle lifecycle;
    private final PluginHandle handle;
    private final SupervisedPlugin proxy;
    private final SupervisedAccess access;

    // Guarded by this.
    private Launch current;
    private PluginClient lastClient;
    private Plugin info;
    private int restarts;
    private long runningSince;
    private long nextAttemptNanos;
    private ScheduledFuture<?> timer;
    private boolean stopped;

    /** @param config null when {@link #failWithoutLaunch} is the only call to come */
    Supervisor(Path file, String name, PluginClientConfig config, RestartPolicy restart, HealthCheckPolicy health,
               ManagerThreads threads) {
        this.file = file;
        this.name = name;
        this.config = config;
        this.health = health;
        this.history = new FailureHistory(name, restart);
        this.threads = threads;
        this.lifecycle = Lifecycle.forSupervised(name);
        this.handle = new PluginHandle(file, name, this);
        this.proxy = new SupervisedPlugin(this);
        this.access = new SupervisedAccess(this, config);
    }

    /** Before {@link #startFirst}: sees every change. */
    void addListener(PluginStateListener listener) {
        lifecycle.addListener(listener);
    }

    PluginHandle handle() {
        return handle;
    }

    String name() {
        return name;
    }

    synchronized View view() {
        return new View(lifecycle.state(), restarts, lifecycle.failure().orElse(null), nextAttemptNanos);
    }

    PluginState state() {
        return lifecycle.state();
    }

    Optional<Throwable> failure() {
        return lifecycle.failure();
    }

    synchronized int restarts() {
        return restarts;
    }

    /** The latest process's client (it may have exited since); for the handle's getters only. */
    synchronized Optional<PluginClient> lastClient() {
        return Optional.ofNullable(lastClient);
    }

    /** The current process's client when RUNNING; null otherwise. */
    synchronized PluginClient runningClient() {
        if (lifecycle.state() != PluginState.RUNNING || current == null || current.client == null) {
            return null;
        }
        return current.client;
    }

    /** The connection, kinds and refusals that follow restarts. */
    SupervisedAccess access() {
        return access;
    }

    /** The stable Capability proxy, once the plugin answered GetInfo at least once. */
    synchronized Optional<Plugin> plugin() {
        return info == null ? Optional.empty() : Optional.of(proxy);
    }

    /** The current process's plugin when RUNNING; null otherwise. */
    synchronized Plugin runningPlugin() {
        return runningClient() == null ? null : current.plugin;
    }

    /** The latest GetInfo answer (name, version, category, types). */
    synchronized Plugin info() {
        return info;
    }

    /**
     * The first start, in the calling thread; returns once it is RUNNING, FAILED, or RESTARTING (the
     * start failed and is retried after a backoff, see {@link RestartPolicy}), or stopped meanwhile.
     */
    void startFirst() {
        Launch launch;
        synchronized (this) {
            if (stopped) {
                return;
            }
            launch = new Launch(0);
            current = launch;
        }
        run(launch);
    }

    /** A plugin file that cannot even be launched: FAILED with this cause. */
    void failWithoutLaunch(Throwable cause) {
        lifecycle.moveTo(PluginState.FAILED, cause);
    }

    /** Stops for good: cancels restarts and health checks, kills the process (bounded). Idempotent. */
    void stop() {
        Launch launch;
        boolean moved;
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            cancelTimer();
            launch = current;
            current = null;
            if (launch != null) {
                launch.over = true;
            }
            moved = lifecycle.tryMove(PluginState.STOPPING, null);
        }
        lifecycle.deliver();
        if (moved) {
            log.info("plugin '{}': stopping", name);
        }
        PluginClient client;
        synchronized (this) {
            client = launch == null ? null : launch.client;
        }
        if (client != null) {
            client.kill();
        }
        if (moved) {
            lifecycle.moveTo(PluginState.STOPPED, null);
        }
    }

    // ---- one launch ----

    private void run(Launch launch) {
        PluginClient client;
        Plugin plugin;
        try {
            client = PluginClient.start(config, change -> clientChanged(launch, change), c -> launched(launch, c));
        } catch (RuntimeException | Error e) {
            failed(launch, e);
            return;
        }
        try {
            plugin = capability(client);
        } catch (RuntimeException | Error e) {
            client.kill();
            failed(launch, e, refusedRegistration(e));
            return;
        }
        boolean exitedAlready = false;
        synchronized (this) {
            if (launch != current || launch.over) {
                Threads.background().execute(client::kill); // stopped meanwhile
                return;
            }
            launch.started = true;
            launch.plugin = plugin;
            lastClient = client;
            info = plugin;
            if (client.state() == PluginState.RUNNING) {
                runningSince = System.nanoTime();
                lifecycle.tryMove(PluginState.RUNNING, null);
                launch.health = new HealthWatch(name, client, health, cause -> unhealthy(launch, cause));
                launch.health.start(threads);
            } else {
                exitedAlready = true;
            }
        }
        lifecycle.deliver();
        if (exitedAlready) {
            failed(launch, client.failure().orElseGet(() -> new PluginUnavailableException(name,
                    "plugin '" + name + "' exited right after starting", null)));
        } else if (launch.attempt > 0) {
            log.info("plugin '{}' restarted (attempt {}): pid {}", name, launch.attempt, client.pid().orElse(-1));
        }
    }

    /**
     * Registration: a plugin whose set has the Capability kind is dispensed it now (GetInfo), so
     * the registry learns what it serves; a failure there fails the launch. Null for other plugins.
     */
    private static Plugin capability(PluginClient client) {
        if (!client.kinds().contains(CapabilityPlugins.KIND)) {
            return null;
        }
        Plugin plugin = CapabilityPlugins.dispense(client);
        log.info("plugin '{}' serves {} {} types {}", client.name(), plugin.category(), plugin.version(), plugin.types());
        return plugin;
    }

    private void launched(Launch launch, PluginClient client) {
        boolean stale;
        synchronized (this) {
            launch.client = client;
            stale = launch != current || launch.over;
        }
        if (stale) {
            Threads.background().execute(client::kill);
        }
    }

    private void clientChanged(Launch launch, PluginStateChange change) {
        if (change.from() != PluginState.RUNNING) {
            return;
        }
        synchronized (this) {
            if (!launch.started || launch.over || launch != current) {
                return; // run() sees a failure during its hand-over; the supervisor's own kills set over first
            }
        }
        if (change.to() == PluginState.FAILED) {
            failed(launch, change.cause());
        } else if (change.to() == PluginState.STOPPING) {
            // Someone killed the client itself (not through the supervisor): treat as a stop request.
            log.info("plugin '{}': its process was stopped directly; not restarting it", name);
            Threads.background().execute(this::stop);
        }
    }

    /** The launch's process failed to start or exited: restart, or give up. */
    private void failed(Launch launch, Throwable cause) {
        failed(launch, cause, false);
    }

    /**
     * @param permanent a failure another start cannot fix: FAILED at once, with this cause; any
     *                  other failure, of a first start too, counts towards the {@link RestartPolicy}
     */
    private void failed(Launch launch, Throwable cause, boolean permanent) {
        synchronized (this) {
            if (launch != current || launch.over || stopped) {
                return;
            }
            launch.over = true;
            cancelTimer();
            if (permanent) {
                log.error("plugin '{}': not restarted, a new start would fail the same way (tried again when its"
                        + " file changes): {}", name, summary(cause));
                lifecycle.tryMove(PluginState.FAILED, cause);
            } else {
                decide(launch, cause);
            }
        }
        lifecycle.deliver();
    }

    /**
     * The one rule for a start failure a restart cannot fix: the plugin started and answered its
     * registration (GetInfo), and the answer was refused (metadata out of {@code PluginInfoRules})
     * or was an error of its own, not an unavailable plugin or a timeout. The same file answers the
     * same way again. Everything else that fails a start (exited or killed while starting, the
     * start timeout, a refused handshake, socket or health check) is retried under the
     * {@link RestartPolicy}, and a plugin failing every start ends FAILED by its crash-loop rule.
     * (A file that cannot be launched at all never gets here: see {@link #failWithoutLaunch}.)
     */
    private static boolean refusedRegistration(Throwable cause) {
        return cause instanceof PluginException e && !e.isRetryable();
    }

    /** Under the lock: RESTARTING after a backoff, or FAILED (restarts disabled, crash loop). */
    private void decide(Launch launch, Throwable cause) {
        long now = System.nanoTime();
        FailureHistory.Decision decision = history.failed(now, launch.started ? now - runningSince : -1, cause);
        if (decision instanceof FailureHistory.GiveUp giveUp) {
            log.error(giveUp.cause().getMessage());
            lifecycle.tryMove(PluginState.FAILED, giveUp.cause());
            return;
        }
        FailureHistory.Restart restart = (FailureHistory.Restart) decision;
        nextAttemptNanos = now + restart.delay().toNanos();
        log.warn("plugin '{}': restarting in {} (attempt {}, {} failure(s) in a row): {}", name,
                Durations.format(restart.delay()), restarts + 1, restart.inARow(), summary(cause));
        lifecycle.tryMove(PluginState.RESTARTING, cause);
        try {
            timer = threads.schedule(this::relaunch, restart.delay());
        } catch (RejectedExecutionException e) {
            log.debug("plugin '{}': manager closing, no restart", name);
        }
    }

    private void relaunch() {
        Launch launch;
        synchronized (this) {
            if (stopped || lifecycle.state() != PluginState.RESTARTING) {
                return;
            }
            restarts++;
            launch = new Launch(restarts);
            current = launch;
            lifecycle.tryMove(PluginState.STARTING, null);
        }
        lifecycle.deliver();
        try {
            threads.work(() -> run(launch));
        } catch (RejectedExecutionException e) {
            log.debug("plugin '{}': manager closing, restart abandoned", name);
        }
    }

    // ---- health ----

    /** Its health watch gave up on it: UNHEALTHY, killed (no Shutdown RPC), then restarted or FAILED. */
    private void unhealthy(Launch launch, PluginUnavailableException cause) {
        synchronized (this) {
            if (launch != current || launch.over || stopped) {
                return;
            }
            launch.over = true;
            log.error("{}: killing it", cause.getMessage());
            lifecycle.tryMove(PluginState.UNHEALTHY, cause);
        }
        lifecycle.deliver();
        Threads.background().execute(() -> {
            launch.client.abort();
            synchronized (this) {
                if (launch != current || stopped || lifecycle.state() != PluginState.UNHEALTHY) {
                    return;
                }
                decide(launch, cause);
            }
            lifecycle.deliver();
        });
    }

    /** Cancels a pending restart and the current process's health checks. */
    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (current != null && current.health != null) {
            current.health.stop();
        }
    }

    /** A failure's first line, without the stderr lines that follow. */
    static String summary(Throwable cause) {
        if (cause == null) {
            return "unknown cause";
        }
        String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        int newline = message.indexOf('\n');
        String first = newline < 0 ? message : message.substring(0, newline);
        return first.endsWith("; last stderr lines:") ? first.substring(0, first.length() - 20) : first;
    }
}
