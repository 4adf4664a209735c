package io.halkyon.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.halkyon.plugin.api.DependentCondition;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.DependentResource;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Planner} decided for one Capability: per dependent, in the plugin's order, the
 * object to create or the changed object to update (checked and prepared), or why it cannot be
 * written; or why nothing was planned at all. All or nothing: when the plan {@link #failed()},
 * nothing is to be written and {@link #writes()} is empty.
 */
public final class Plan {

    private final List<Step> steps;
    private final String failure;

    private Plan(List<Step> steps, String failure) {
        this.steps = List.copyOf(steps);
        this.failure = failure;
    }

    /** Nothing planned: the plugin finds the Capability invalid, or declares too many dependents. */
    static Plan refused(String failure) {
        return new Plan(List.of(), Objects.requireNonNull(failure, "failure"));
    }

    /** The steps of every dependent; failed when any is blocked, with the message the status would carry. */
    static Plan of(String pluginName, List<Step> steps) {
        List<DependentCondition> blockers = steps.stream().map(s -> s.blocker).filter(Objects::nonNull).toList();
        return new Plan(steps, blockers.isEmpty() ? null : Outcome.blocked(pluginName, blockers).message());
    }

    /** Whether nothing may be written: see {@link #failure()}. */
    public boolean failed() {
        return failure != null;
    }

    /**
     * Why nothing may be written, as the Capability's status message would say it; {@code null}
     * when the plan can be applied.
     */
    public String failure() {
        return failure;
    }

    /**
     * The objects to write, creations and updates, in the plugin's order, prepared as the
     * operator writes them; empty when the plan {@link #failed()}.
     */
    public List<HasMetadata> writes() {
        if (failed()) {
            return List.of();
        }
        return steps.stream().map(s -> s.toCreate != null ? s.toCreate : s.toUpdate).filter(Objects::nonNull)
                .toList();
    }

    /** The steps, one per dependent, in the plugin's order; empty when nothing was planned. */
    List<Step> steps() {
        return steps;
    }

    /** The Failed condition of every dependent that keeps the others from being written. */
    List<DependentCondition> blockers() {
        return steps.stream().map(s -> s.blocker).filter(Objects::nonNull).toList();
    }

    /** One dependent: what exists of it, what to write, or why it cannot be written. */
    static final class Step {
        final DependentResource dependent;
        final DependentKey key;
        final String typeName;
        final boolean namespaced;
        /** The live object; after the write, the object written. */
        HasMetadata live;
        HasMetadata toCreate;
        HasMetadata toUpdate;
        /** Set when this dependent keeps the Capability from being applied. */
        DependentCondition blocker;
        /** Set when the operator refuses the plugin's object or dependent (the blocker's message). */
        String refused;
        /** What the plugin had put where only the operator writes, dropped from the object to write. */
        List<String> dropped = List.of();
        /** Set when the condition is known without asking the plugin. */
        DependentCondition fixedCondition;

        Step(DependentResource dependent, String typeName, boolean namespaced) {
            this.dependent = dependent;
            this.key = dependent.key();
            this.typeName = typeName;
            this.namespaced = namespaced;
        }

        /** {@code condition}, naming this dependent. */
        DependentCondition named(DependentCondition condition) {
            condition.setDependentType(typeName);
            condition.setDependentName(key.name());
            return condition;
        }
    }
}
