package io.halkyon.operator.demo;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.halkyon.operator.reconcile.OperatorEvents;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilityStatus;
import io.halkyon.plugin.api.DependentKey;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;

/**
 * Prints what the operator does as readable lines (not logs) for the embedded demo: objects
 * created, updated, refused and deleted, and every status change with its Ready condition, each
 * with the time since the demo started.
 */
public final class DemoPrinter implements OperatorEvents {

    private final PrintWriter out;
    private final Instant start = Instant.now();

    public DemoPrinter(PrintWriter out) {
        this.out = out;
    }

    /** Prints a line as it is. */
    public synchronized void line(String text) {
        out.println(text);
        out.flush();
    }

    /** Prints a line prefixed with the elapsed time. */
    public void event(String text) {
        Duration elapsed = Duration.between(start, Instant.now());
        line(String.format("[%3d.%03ds] %s", elapsed.toSeconds(), elapsed.toMillisPart(), text));
    }

    @Override
    public void created(Capability owner, HasMetadata object) {
        event("  + created " + describe(object) + ownership(object, owner));
    }

    @Override
    public void updated(Capability owner, HasMetadata object) {
        event("  ~ updated " + describe(object) + " (its plugin said it changed)");
    }

    @Override
    public void deleted(Capability owner, HasMetadata object) {
        event("  - deleted " + describe(object) + " with Capability " + owner.getMetadata().getName());
    }

    @Override
    public void rejected(Capability owner, DependentKey key, String problem) {
        event("  ! refused " + key + " for Capability " + name(owner) + ": " + problem);
    }

    @Override
    public void statusChanged(Capability owner, CapabilityStatus status) {
        String condition = status.ready().map(c -> " (Ready=" + c.getStatus() + ", " + c.getReason() + ")").orElse("");
        event("Capability " + name(owner) + " is " + status.getReason() + condition
                + (status.getMessage() == null || status.getMessage().isBlank() ? "" : ": " + status.getMessage()));
    }

    /** Called when the demo marked a workload ready. */
    public void markedReady(HasMetadata workload) {
        event("  * marked " + describe(workload) + " ready (--mark-workloads-ready stands in for the kubelet)");
    }

    static String name(HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        return (namespace == null ? "" : namespace + "/") + object.getMetadata().getName();
    }

    private static String describe(HasMetadata object) {
        return object.getKind() + " " + name(object);
    }

    private static String ownership(HasMetadata object, Capability owner) {
        boolean owned = object.getMetadata().getOwnerReferences() != null
                && object.getMetadata().getOwnerReferences().stream().anyMatch(r -> "Capability".equals(r.getKind()));
        return owned ? " (owned by Capability " + owner.getMetadata().getName() + ")"
                : " (for Capability " + owner.getMetadata().getName() + ", not owned)";
    }
}
