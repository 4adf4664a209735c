package io.halkyon.operator.reconcile;

import io.halkyon.plugin.api.CapabilityCondition;
import io.halkyon.plugin.api.CapabilityStatus;

/**
 * Why a Capability's Ready condition is what it is: the condition's {@code reason}, its
 * {@code status}, the summary {@code status.reason} kept from the first status format, and the
 * type of the Event reporting a change to it. docs/admin-guide.md lists them.
 */
enum ReadyReason {

    /** Every dependent checked for readiness is ready. */
    READY("Ready", CapabilityCondition.TRUE, CapabilityStatus.READY),
    /** Everything is written; some dependents are not ready yet. */
    DEPENDENTS_NOT_READY("DependentsNotReady", CapabilityCondition.FALSE, CapabilityStatus.PENDING),
    /** A dependent's condition is Failed: waiting will not make it ready. */
    DEPENDENT_FAILED("DependentFailed", CapabilityCondition.FALSE, CapabilityStatus.FAILED),
    /** No loaded plugin serves the category/type/version (or the spec does not name them). */
    PLUGIN_NOT_FOUND("PluginNotFound", CapabilityCondition.FALSE, CapabilityStatus.FAILED),
    /** The plugin finds the Capability invalid. */
    INVALID("Invalid", CapabilityCondition.FALSE, CapabilityStatus.FAILED),
    /** The plugin declared more dependents than --max-dependents. */
    TOO_MANY_DEPENDENTS("TooManyDependents", CapabilityCondition.FALSE, CapabilityStatus.FAILED),
    /** An object was refused, or one of that name exists unmanaged: nothing was written. */
    NOT_APPLIED("NotApplied", CapabilityCondition.FALSE, CapabilityStatus.FAILED),
    /** The objects to create would take the plugin past --max-objects-per-plugin; retried. */
    OBJECT_LIMIT_REACHED("ObjectLimitReached", CapabilityCondition.FALSE, CapabilityStatus.FAILED),
    /** The plugin is restarting, unavailable or did not answer in time: the state is unknown; retried. */
    PLUGIN_UNAVAILABLE("PluginUnavailable", CapabilityCondition.UNKNOWN, CapabilityStatus.FAILED),
    /** The plugin answered wrongly, or gave up (crash loop): retried, or when its file changes. */
    PLUGIN_FAILED("PluginFailed", CapabilityCondition.FALSE, CapabilityStatus.FAILED),
    /** The operator itself failed (the API server refused a write...); retried by the SDK. */
    RECONCILE_ERROR("ReconcileError", CapabilityCondition.FALSE, CapabilityStatus.FAILED);

    private final String reason;
    private final String status;
    private final String summary;

    ReadyReason(String reason, String status, String summary) {
        this.reason = reason;
        this.status = status;
        this.summary = summary;
    }

    /** The Ready condition's {@code reason}. */
    String reason() {
        return reason;
    }

    /** The Ready condition's {@code status}: True, False or Unknown. */
    String status() {
        return status;
    }

    /** {@code status.reason}: Ready, Pending or Failed. */
    String summary() {
        return summary;
    }

    /** Whether this is the plugin failing (a Capability leaving it has its plugin recovered). */
    boolean pluginFailure() {
        return this == PLUGIN_UNAVAILABLE || this == PLUGIN_FAILED;
    }

    /** Whether an Event reporting this is of type Normal (else Warning). */
    boolean normal() {
        return this == READY || this == DEPENDENTS_NOT_READY;
    }

    /** The constant of condition reason {@code reason}; null for a reason this operator does not write. */
    static ReadyReason of(String reason) {
        for (ReadyReason r : values()) {
            if (r.reason.equals(reason)) {
                return r;
            }
        }
        return null;
    }
}
