package io.halkyon.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilityStatus;
import io.halkyon.plugin.api.DependentKey;
import java.time.Duration;
import java.util.List;

/** Tells each of several {@link OperatorEvents}, in order; see {@link OperatorEvents#all}. */
final class CombinedEvents implements OperatorEvents {

    private final List<OperatorEvents> all;

    CombinedEvents(List<OperatorEvents> all) {
        this.all = List.copyOf(all);
    }

    @Override
    public void created(Capability owner, HasMetadata object) {
        all.forEach(e -> e.created(owner, object));
    }

    @Override
    public void updated(Capability owner, HasMetadata object) {
        all.forEach(e -> e.updated(owner, object));
    }

    @Override
    public void deleted(Capability owner, HasMetadata object) {
        all.forEach(e -> e.deleted(owner, object));
    }

    @Override
    public void rejected(Capability owner, DependentKey key, String problem) {
        all.forEach(e -> e.rejected(owner, key, problem));
    }

    @Override
    public void reconciled(Capability owner) {
        all.forEach(e -> e.reconciled(owner));
    }

    @Override
    public void reconciled(Capability owner, Duration took) {
        all.forEach(e -> e.reconciled(owner, took));
    }

    @Override
    public void statusChanged(Capability owner, CapabilityStatus status) {
        all.forEach(e -> e.statusChanged(owner, status));
    }

    @Override
    public void statusChanged(Capability owner, CapabilityStatus before, CapabilityStatus after) {
        all.forEach(e -> e.statusChanged(owner, before, after));
    }
}
