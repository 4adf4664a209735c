package io.halkyon.plugin.host;

/**
 * Told about every {@link PluginStateChange} of a {@link PluginClient} or, registered with
 * {@link PluginManager#addStateListener}, of every plugin a manager supervises: in order per
 * plugin, one at a time. Called from an internal thread: it must not block for long. An
 * exception it throws is logged and otherwise ignored.
 */
@FunctionalInterface
public interface PluginStateListener {
    void stateChanged(PluginStateChange change);
}
