package io.halkyon.operator.reconcile;

import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.host.PluginRegistry;
import io.halkyon.plugin.host.remote.RemotePlugin;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where the reconciler finds plugins: the current {@link PluginRegistry} and a way to hear when
 * it changes (a plugin file added, removed or replaced, a plugin restarting, back RUNNING or
 * FAILED).
 */
public interface PluginSource {

    /** The registry as it is now; {@link PluginRegistry#stateOf} tells whether a plugin is RUNNING. */
    PluginRegistry registry();

    /**
     * Calls {@code listener} with the new registry after every change. Called from a host thread:
     * the listener must not block.
     */
    void addRegistryListener(Consumer<PluginRegistry> listener);

    /** The remote plugin behind {@code plugin} (its replicas, identities); empty for a local plugin. */
    default Optional<RemotePlugin> remote(Plugin plugin) {
        return Optional.empty();
    }

    /** A source whose registry never changes; for {@code render} and tests. */
    static PluginSource fixed(PluginRegistry registry) {
        return new PluginSource() {
            @Override
            public PluginRegistry registry() {
                return registry;
            }

            @Override
            public void addRegistryListener(Consumer<PluginRegistry> listener) {
                // never changes
            }
        };
    }
}
