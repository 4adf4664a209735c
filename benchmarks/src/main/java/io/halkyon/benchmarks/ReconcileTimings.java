package io.halkyon.benchmarks;

import io.halkyon.operator.reconcile.OperatorEvents;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilityStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What {@link OperatorFigures} hears from the operator: how long each reconciliation took, as the
 * reconciler times it, and when each Capability's Ready status was written to the API server.
 */
final class ReconcileTimings implements OperatorEvents {

    private record Timing(String capability, Duration took) {
    }

    private final BlockingQueue<Timing> timings = new LinkedBlockingQueue<>();
    /** Per namespace, the Capabilities whose status Ready was written; guarded by {@code this}. */
    private final Map<String, Set<String>> ready = new HashMap<>();
    /** Per namespace, when the last of them was (nanoTime); guarded by {@code this}. */
    private final Map<String, Long> lastReady = new HashMap<>();
    private long reconciliations;

    @Override
    public void reconciled(Capability owner, Duration took) {
        timings.add(new Timing(owner.getMetadata().getNamespace() + "/" + owner.getMetadata().getName(), took));
        synchronized (this) {
            reconciliations++;
        }
    }

    @Override
    public synchronized void statusChanged(Capability owner, CapabilityStatus status) {
        if (CapabilityStatus.READY.equals(status.getReason())) {
            String namespace = owner.getMetadata().getNamespace();
            if (ready.computeIfAbsent(namespace, n -> new HashSet<>()).add(owner.getMetadata().getName())) {
                lastReady.put(namespace, System.nanoTime());
                notifyAll();
            }
        }
    }

    /** How many reconciliations finished so far. */
    synchronized long reconciliations() {
        return reconciliations;
    }

    /** Waits until {@code count} Capabilities of {@code namespace} are Ready; the nanoTime the last one became so. */
    synchronized long awaitReady(String namespace, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ready.getOrDefault(namespace, Set.of()).size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException(ready.getOrDefault(namespace, Set.of()).size() + " of " + count
                        + " Capabilities of namespace " + namespace + " Ready after " + timeout);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return lastReady.get(namespace);
    }

    /** Forgets the reconciliation times heard so far. */
    void clear() {
        timings.clear();
    }

    /** How long the next reconciliation of {@code capability} ({@code namespace/name}) took; others are skipped. */
    Duration next(String capability, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Timing timing = timings.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (timing == null) {
                throw new IllegalStateException("no reconciliation of " + capability + " within " + timeout);
            }
            if (timing.capability().equals(capability)) {
                return timing.took();
            }
        }
    }
}
