package io.halkyon.plugin.host;

/**
 * Hears of every gRPC call the host makes to a plugin process or a remote plugin, for metrics:
 * set on {@link PluginClientConfig.Builder#callObserver} (child processes, supervised or not)
 * or {@link io.halkyon.plugin.host.remote.RemotePluginServerConfig.Builder#callObserver}
 * (remote plugins). The default, {@link #NONE}, costs nothing on the call path.
 *
 * <p>{@link #meter} is asked once per plugin and gRPC method, the first time that method is
 * called on that plugin's connection, and the {@link Meter} it returns is kept: a call only
 * reads a clock and calls the meter twice, so an implementation should make its meters (timers,
 * counters) in {@link #meter}, not per call. The host's own health checks are not reported.
 * Calls refused before any gRPC call is made (a supervised plugin restarting, or FAILED) are not
 * reported either: the plugin's state says why.
 *
 * <p>The plugin name is the host's name for the plugin (its file name, or the name a remote
 * plugin registered, checked against {@code [A-Za-z0-9._-]{1,63}}); a file name can be anything
 * a file system allows, so an implementation using it as a metric tag should bound it. The
 * method is the gRPC method's bare name ({@code Build}), chosen by host code, never by the
 * plugin. Both methods are called from gRPC and caller threads at once: they must be
 * thread-safe, must not block, and should not throw (what they throw is not caught).
 */
@FunctionalInterface
public interface PluginCallObserver {

    /** Observes nothing. */
    PluginCallObserver NONE = (pluginName, method) -> Meter.NONE;

    /**
     * The meter for the calls of {@code method} to plugin {@code pluginName}.
     *
     * @param pluginName the plugin's name
     * @param method     the gRPC method's bare name, e.g. {@code GetDependents}
     */
    Meter meter(String pluginName, String method);

    /** Counts the calls of one method of one plugin. */
    interface Meter {

        /** Counts nothing. */
        Meter NONE = new Meter() {
            @Override
            public void started() {
            }

            @Override
            public void ended(PluginCallOutcome outcome, long nanos) {
            }
        };

        /** A call started (it is in flight until {@link #ended}). */
        void started();

        /**
         * The call ended; called exactly once after each {@link #started()}.
         *
         * @param outcome how it ended
         * @param nanos   from its start to its end (the answer or the failure)
         */
        void ended(PluginCallOutcome outcome, long nanos);
    }
}
