package io.halkyon.operator.reconcile;

import io.halkyon.plugin.api.DependentCondition;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What one reconciliation found, before it becomes a status.
 *
 * @param ready         why the Ready condition is what it is (and so {@link #reason()})
 * @param message       the status message
 * @param conditions    one per dependent checked for readiness or refused
 * @param pluginFailure whether the plugin itself failed (crash, error status, timeout): retried with backoff
 */
record Outcome(ReadyReason ready, String message, List<DependentCondition> conditions, boolean pluginFailure) {

    Outcome {
        conditions = List.copyOf(conditions);
    }

    /** {@code status.reason}: Ready, Pending or Failed. */
    String reason() {
        return ready.summary();
    }

    /** Failed for {@code why} with {@code message} and no conditions: no plugin, an invalid Capability. */
    static Outcome failed(ReadyReason why, String message) {
        return new Outcome(why, message, List.of(), false);
    }

    /** The plugin failed for {@code why}: Failed with its message, retried with backoff. */
    static Outcome pluginFailed(ReadyReason why, String message) {
        return new Outcome(why, message, List.of(), true);
    }

    /**
     * Some dependents could not be applied, so none was written: Failed with a condition per
     * blocked dependent and a message saying nothing was applied.
     */
    static Outcome blocked(String pluginName, List<DependentCondition> blockers) {
        String problems = blockers.stream()
                .map(c -> c.getDependentType() + " " + c.getDependentName() + ": " + c.getMessage())
                .collect(Collectors.joining("; "));
        return new Outcome(ReadyReason.NOT_APPLIED, "nothing was applied for plugin '" + pluginName + "': " + problems,
                blockers, false);
    }

    /**
     * From the dependents' conditions: Failed when any failed, Pending while any is not ready,
     * Ready otherwise. The message joins the messages of those not ready.
     */
    static Outcome of(String pluginName, List<DependentCondition> conditions) {
        boolean failed = conditions.stream().anyMatch(c -> DependentCondition.FAILED.equals(c.getType()));
        boolean pending = conditions.stream().anyMatch(c -> !c.isReady());
        String notReady = conditions.stream().filter(c -> !c.isReady())
                .map(c -> c.getDependentType() + " " + c.getDependentName() + ": " + c.getMessage())
                .collect(Collectors.joining("; "));
        if (failed) {
            return new Outcome(ReadyReason.DEPENDENT_FAILED, notReady, conditions, false);
        }
        if (pending) {
            return new Outcome(ReadyReason.DEPENDENTS_NOT_READY, notReady, conditions, false);
        }
        return new Outcome(ReadyReason.READY, "provided by plugin '" + pluginName + "'", conditions, false);
    }
}
