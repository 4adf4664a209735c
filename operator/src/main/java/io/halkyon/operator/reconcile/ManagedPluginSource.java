package io.halkyon.operator.reconcile;

import io.halkyon.plugin.host.PluginManager;
import io.halkyon.plugin.host.PluginRegistry;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The {@link PluginSource} of a {@link PluginManager}: its registry (every loaded plugin, also
 * while it restarts or after it gave up, see {@link PluginManager#registry()}) and its registry
 * listeners (load, unload, reload, unavailable, back RUNNING, FAILED).
 */
public final class ManagedPluginSource implements PluginSource {

    private final PluginManager manager;

    public ManagedPluginSource(PluginManager manager) {
        this.manager = Objects.requireNonNull(manager, "manager");
    }

    @Override
    public PluginRegistry registry() {
        return manager.registry();
    }

    @Override
    public void addRegistryListener(Consumer<PluginRegistry> listener) {
        manager.addRegistryListener(listener);
    }
}
