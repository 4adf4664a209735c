package io.halkyon.plugin.api;

import java.util.List;

/**
 * A running plugin, seen from the host. Obtained from the host library
 * ({@code io.halkyon.plugin.host}); every method that reaches the plugin process is a
 * remote call with a deadline and throws {@link PluginException} (or a subclass) when the
 * plugin fails, times out or is gone: never an empty result in place of an error.
 */
public interface Plugin {

    /** The plugin's name, as it reported it. */
    String name();

    /** The plugin's own version, as it reported it. */
    String version();

    /** The category it provides. */
    String category();

    /** The types it provides within {@link #category()}. */
    List<TypeInfo> types();

    /** Problems the plugin finds with the Capability; empty when it is valid. */
    List<String> checkValidity(Capability owner);

    /**
     * The objects the Capability needs, in order. Their {@code build}, {@code update} and
     * {@code condition} methods are remote calls.
     */
    List<DependentResource> readyFor(Capability owner);

    /**
     * Stops the plugin for good: its process and everything it started, within a bounded time;
     * idempotent. A plugin a host supervises is not restarted afterwards, and leaves the
     * registry that served it (see the host library for what brings it back).
     */
    void kill();
}
