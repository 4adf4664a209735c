package io.halkyon.operator.reconcile;

import io.halkyon.plugin.api.Capability;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.Set;

/**
 * Reconciles again a Capability that waited for a slot of its plugin ({@link PluginCallLimiter})
 * as soon as one is free, rather than after the retry delay.
 */
final class PluginSlotEventSource extends AbstractEventSource<Void, Capability> {

    static final String NAME = "plugin-slots";

    PluginSlotEventSource() {
        super(Void.class, NAME);
    }

    /** Has {@code capability} reconciled again (nothing when this source is not running). */
    void wake(ResourceID capability) {
        if (isRunning()) {
            getEventHandler().handleEvent(new Event(capability));
        }
    }

    @Override
    public Set<Void> getSecondaryResources(Capability primary) {
        return Set.of();
    }
}
