package io.halkyon.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilityStatus;
import io.halkyon.plugin.api.DependentKey;
import java.time.Duration;

/**
 * What the operator did, for whoever wants to show it (the embedded demo prints it). Called from
 * reconciler threads, possibly concurrently: implementations must be thread-safe and quick. The
 * defaults do nothing.
 */
public interface OperatorEvents {

    /** Does nothing. */
    OperatorEvents NONE = new OperatorEvents() {
    };

    /** Tells each of {@code events}, in order. */
    static OperatorEvents all(OperatorEvents... events) {
        return new CombinedEvents(java.util.List.of(events));
    }

    /** {@code object} was created for {@code owner}. */
    default void created(Capability owner, HasMetadata object) {
    }

    /** {@code object} was updated for {@code owner} because its plugin said it changed. */
    default void updated(Capability owner, HasMetadata object) {
    }

    /** {@code object}, owned by {@code owner}, was deleted with it. */
    default void deleted(Capability owner, HasMetadata object) {
    }

    /** An object the plugin built for {@code key} was refused; nothing of it was written. */
    default void rejected(Capability owner, DependentKey key, String problem) {
    }

    /** A reconciliation of {@code owner} finished (whether or not anything changed). */
    default void reconciled(Capability owner) {
    }

    /**
     * As {@link #reconciled(Capability)}, with how long the reconciliation took, from its start to
     * its status written (plugin calls, reads and writes included). Calls
     * {@link #reconciled(Capability)} unless overridden.
     */
    default void reconciled(Capability owner, Duration took) {
        reconciled(owner);
    }

    /** The status of {@code owner} changed to {@code status} (written to the cluster). */
    default void statusChanged(Capability owner, CapabilityStatus status) {
    }

    /**
     * As {@link #statusChanged(Capability, CapabilityStatus)}, with the status it replaced
     * ({@code before}: empty or null when there was none). Calls
     * {@link #statusChanged(Capability, CapabilityStatus)} unless overridden.
     */
    default void statusChanged(Capability owner, CapabilityStatus before, CapabilityStatus after) {
        statusChanged(owner, after);
    }
}
