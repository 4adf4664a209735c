package io.halkyon.plugin.host;

/**
 * The life cycle of a plugin process, as seen by its {@link PluginClient}.
 *
 * <p>The only transitions are:
 * <pre>
 *   STARTING ──▶ RUNNING ──▶ STOPPING ──▶ STOPPED     (kill() / close())
 *      │            │
 *      └──▶ FAILED ◀┘                                 (start failed / process exited unexpectedly)
 * </pre>
 * {@link #STOPPED} and {@link #FAILED} are final. {@code kill()} on a {@code FAILED} client
 * still reaps what is left of its process tree but keeps the state {@code FAILED}.
 */
public enum PluginState {
    /** Launched; handshake, connection, health check or GetInfo still in progress. */
    STARTING,
    /** Handshake done, health SERVING, GetInfo answered: calls are accepted ("loaded"). */
    RUNNING,
    /** {@code kill()} is in progress: Shutdown RPC, then SIGTERM, then SIGKILL. */
    STOPPING,
    /** Stopped on request; the process tree is gone. */
    STOPPED,
    /** Did not start, or exited without being asked to; see {@link PluginClient#failure()}. */
    FAILED;

    /** Whether no further transition can happen. */
    public boolean isFinal() {
        return this == STOPPED || this == FAILED;
    }
}
