package io.halkyon.operator.reconcile;

import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilityStatus;
import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.host.PluginRegistry;
import io.halkyon.plugin.host.PluginState;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns plugin registry changes into reconciliations: when a plugin is added, removed, back
 * RUNNING after a restart or FAILED, every Capability that now resolves to another plugin (or to
 * one where there was none), every one whose plugin just gave up (FAILED) or lost its last remote
 * replica (DISCONNECTED), and every Failed one, is reconciled again, without an operator restart.
 */
final class RegistryEventSource extends AbstractEventSource<Void, Capability> {

    static final String NAME = "plugin-registry";
    private static final Logger log = LoggerFactory.getLogger(RegistryEventSource.class);

    private final IndexedResourceCache<Capability> capabilities;
    private final AtomicReference<PluginRegistry> last;

    RegistryEventSource(PluginSource plugins, IndexedResourceCache<Capability> capabilities) {
        super(Void.class, NAME);
        this.capabilities = capabilities;
        this.last = new AtomicReference<>(plugins.registry());
        plugins.addRegistryListener(this::registryChanged);
    }

    private void registryChanged(PluginRegistry next) {
        PluginRegistry previous = last.getAndSet(next);
        if (!isRunning()) {
            return; // the first reconciliation of every Capability will see the new registry
        }
        long count = capabilities.list()
                .filter(c -> affected(c, previous, next))
                .peek(c -> getEventHandler().handleEvent(new Event(ResourceID.fromResource(c))))
                .count();
        log.info("plugin registry changed ({}): {} Capabilities to reconcile again", next.describe(), count);
    }

    static boolean affected(Capability capability, PluginRegistry previous, PluginRegistry next) {
        CapabilityStatus status = capability.getStatus();
        if (status == null || !CapabilityStatus.READY.equals(status.getReason())
                && !CapabilityStatus.PENDING.equals(status.getReason())) {
            return true;
        }
        Plugin before = previous.resolve(capability.getSpec()).plugin();
        Plugin after = next.resolve(capability.getSpec()).plugin();
        if (before != after) {
            return true;
        }
        // Its plugin gave up (crash loop), or it is remote and no replica is left: the status must
        // say so (Failed; temporary when it may come back). A restart alone changes nothing for a
        // Capability that is Ready or Pending.
        return after != null && (became(after, PluginState.FAILED, previous, next)
                || became(after, PluginState.DISCONNECTED, previous, next));
    }

    private static boolean became(Plugin plugin, PluginState state, PluginRegistry previous, PluginRegistry next) {
        return next.stateOf(plugin).orElse(null) == state && previous.stateOf(plugin).orElse(null) != state;
    }

    @Override
    public Set<Void> getSecondaryResources(Capability primary) {
        return Set.of();
    }
}
