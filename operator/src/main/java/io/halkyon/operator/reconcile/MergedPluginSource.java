package io.halkyon.operator.reconcile;

import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.host.PluginRegistry;
import io.halkyon.plugin.host.remote.RemotePlugin;
import io.halkyon.plugin.host.remote.RemotePlugins;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The operator's plugins, local and remote, as one {@link PluginSource}: the local plugins'
 * registry first, so a (category, type) a local plugin file provides stays with it when a remote
 * plugin claims it too (the conflict is logged and listed), then the remote plugins'. A change of
 * either is a change of the whole.
 */
public final class MergedPluginSource implements PluginSource {

    private final PluginSource local;
    private final RemotePlugins remote;
    /** The last merge and what it was made of: merged again only when either changed (it logs conflicts). */
    private Merged last = new Merged(null, null, PluginRegistry.empty());

    private record Merged(PluginRegistry local, PluginRegistry remote, PluginRegistry merged) {
    }

    public MergedPluginSource(PluginSource local, RemotePlugins remote) {
        this.local = Objects.requireNonNull(local, "local");
        this.remote = Objects.requireNonNull(remote, "remote");
    }

    @Override
    public synchronized PluginRegistry registry() {
        PluginRegistry l = local.registry();
        PluginRegistry r = remote.registry();
        if (last.local() != l || last.remote() != r) {
            last = new Merged(l, r, PluginRegistry.merge(l, r));
        }
        return last.merged();
    }

    @Override
    public void addRegistryListener(Consumer<PluginRegistry> listener) {
        local.addRegistryListener(changed -> listener.accept(registry()));
        remote.addRegistryListener(changed -> listener.accept(registry()));
    }

    @Override
    public Optional<RemotePlugin> remote(Plugin plugin) {
        return remote.list().stream().filter(r -> r.plugin().filter(p -> p == plugin).isPresent()).findFirst();
    }
}
