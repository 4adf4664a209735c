package io.halkyon.operator.reconcile;

import io.halkyon.plugin.host.PluginManager;
import io.halkyon.plugin.host.PluginRegistry;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The {@link PluginSource} of a {@link PluginManager}: its registry (running plugins only) and
 * its registry listeners (load, unload, reload, crash, relaunch).
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
