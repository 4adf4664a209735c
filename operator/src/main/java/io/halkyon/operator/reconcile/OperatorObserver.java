package io.halkyon.operator.reconcile;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;

/**
 * What watches a running operator ({@link OperatorSettings#observer()}): JOSDK's metrics of the
 * reconciler, and the operator itself once started, for readiness. {@link #NONE} by default.
 */
public interface OperatorObserver {

    /** JOSDK's no-op metrics, nothing told. */
    OperatorObserver NONE = new OperatorObserver() {
    };

    /** The metrics JOSDK records the reconciler's work into. */
    default Metrics metrics() {
        return Metrics.NOOP;
    }

    /** {@code operator} started: its informers synced (or, without the lease, it stands by). */
    default void started(CapabilityOperator operator) {
    }
}
