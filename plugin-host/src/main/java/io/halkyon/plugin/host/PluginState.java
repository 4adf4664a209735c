package io.halkyon.plugin.host;

/**
 * The life cycle of a plugin. Two things have one: a {@link PluginClient} (one process, never
 * restarted) and a supervised plugin, the {@link PluginHandle} a {@link PluginManager} keeps per
 * plugin file, which outlives the processes it restarts.
 *
 * <p><b>A {@link PluginClient}</b> uses five states:
 * <pre>
 *   STARTING ──▶ RUNNING ──▶ STOPPING ──▶ STOPPED     (kill() / close())
 *      │            │
 *      └──▶ FAILED ◀┘                                 (start failed / process exited unexpectedly)
 * </pre>
 * {@code kill()} on a {@code FAILED} client still reaps what is left of its process tree but
 * keeps the state {@code FAILED}.
 *
 * <p><b>A supervised plugin</b> ({@link PluginHandle#state()}) uses all seven:
 * <pre>
 *   ┌─────────────────────────── RESTARTING ◀──────────────┐
 *   ▼                               ▲   ▲                   │
 *  STARTING ──▶ RUNNING ──▶ UNHEALTHY ┘   │                   │
 *   │             └───────────────────────┘ (it exited)       │
 *   └─────────────────────────────────────────────────────────┘ (a restart attempt failed)
 *  STARTING, RUNNING, UNHEALTHY ──▶ FAILED     (crash loop, restarts disabled, a failure no restart fixes)
 *  STARTING, RUNNING, UNHEALTHY, RESTARTING ──▶ STOPPING ──▶ STOPPED   (unload, reload, close, kill())
 * </pre>
 * In words: STARTING → RUNNING | RESTARTING | FAILED | STOPPING; RUNNING → UNHEALTHY |
 * RESTARTING | FAILED | STOPPING; UNHEALTHY → RESTARTING | FAILED | STOPPING; RESTARTING →
 * STARTING | STOPPING; STOPPING → STOPPED. A start that fails, the first one included, counts as
 * one more failure and goes RESTARTING (see {@link RestartPolicy} for the few failures that go
 * FAILED at once). FAILED and STOPPED are final: a {@link PluginManager} watching the directory
 * loads a changed file into a new handle.
 *
 * <p><b>A remote plugin</b> ({@link io.halkyon.plugin.host.remote.RemotePlugin#state()}: one name,
 * any number of connected replicas) uses four:
 * <pre>
 *   (STARTING) ──▶ RUNNING ◀──▶ DISCONNECTED ──▶ STOPPED   (forgotten, killed, or its server closed)
 *                     └────────────────────────────▲
 * </pre>
 * STARTING is only the {@code from} of the first change a listener hears (its first replica
 * registered); RUNNING while at least one replica is connected, DISCONNECTED when the last one went
 * (calls fail fast, retryable, until one registers again), STOPPED when it is no longer listed.
 */
public enum PluginState {
    /** Launched; handshake, connection, health check or GetInfo still in progress. */
    STARTING,
    /** Handshake done, health SERVING, GetInfo answered: calls are accepted ("loaded"). */
    RUNNING,
    /**
     * Supervised plugins only: missed the configured number of health checks in a row; its
     * process is being killed, then it is restarted (or FAILED on a crash loop).
     */
    UNHEALTHY,
    /**
     * Supervised plugins only: its process exited or was killed; a new one starts after a
     * backoff. Calls fail fast with a retryable {@link io.halkyon.plugin.api.PluginUnavailableException}.
     */
    RESTARTING,
    /**
     * Remote plugins only: no replica is connected; calls fail fast with a retryable
     * {@link io.halkyon.plugin.api.PluginUnavailableException} until one registers again.
     */
    DISCONNECTED,
    /** Being stopped: Shutdown RPC, then SIGTERM, then SIGKILL. */
    STOPPING,
    /** Stopped on request; the process tree is gone. */
    STOPPED,
    /**
     * Did not start or exited without being asked to (a client), or a supervised plugin that
     * gave up (crash loop, restarts disabled, a failure no restart fixes); the cause is in
     * {@code failure()}.
     */
    FAILED;

    /** Whether no further transition can happen. */
    public boolean isFinal() {
        return this == STOPPED || this == FAILED;
    }
}
