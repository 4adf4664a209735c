package io.halkyon.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentCondition;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.DependentResourceConfig;
import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.UpdateResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a Capability, the plugin serving it and what exists into the objects to write: the one
 * planning code, used by the reconciler (against the cluster, then {@link DependentApplier}
 * writes the plan) and by {@code render} (against {@link LiveObjects#NONE}: nothing exists yet).
 * What is decided here and nowhere else:
 * <ul>
 *   <li>the plugin's checks: the Capability must be valid for the plugin, and the plugin may
 *       declare at most {@link OperatorSettings#maxDependents} dependents; otherwise nothing is
 *       planned;</li>
 *   <li>per dependent, in order: a kind the operator refuses for it
 *       ({@link ObjectValidator#problemWithDependent}) blocks it; a missing object is built when
 *       the operator creates it ({@code created()}), else awaited (a Pending condition when it is
 *       checked for readiness); an object of that name the Capability does not manage blocks it
 *       when the operator would create it, else is left alone; a managed object the operator
 *       updates ({@code updated()}) is handed to the plugin as {@link LiveView} allows and its
 *       change kept;</li>
 *   <li>every object built or changed is checked by the {@link ObjectValidator} (identity,
 *       denied and cluster-scoped kinds, namespace, size limit) and prepared
 *       ({@link DependentObjects#prepare}: namespace, labels, owner reference when
 *       {@code owned()}, what only the operator sets dropped);</li>
 *   <li>all or nothing: one blocked dependent fails the whole plan, and nothing is written.</li>
 * </ul>
 * A plugin call failing throws its {@link PluginException}; nothing is planned then. The
 * planner reads and writes nothing itself, and keeps no state.
 */
public final class Planner {

    /** The reason of the condition of a dependent whose object the planner refused. */
    static final String REJECTED = "Rejected";

    private final ObjectValidator validator;
    private final int maxDependents;

    /** A planner applying {@code settings}' limits and kind rules, with kinds' scopes from {@code scopes}. */
    public Planner(ScopeResolver scopes, OperatorSettings settings) {
        this.validator = new ObjectValidator(scopes, settings);
        this.maxDependents = settings.maxDependents();
    }

    /** The validator deciding which kinds and objects are refused. */
    ObjectValidator validator() {
        return validator;
    }

    /**
     * The plugin's dependents for {@code owner}, or why none may be planned.
     *
     * @param dependents the dependents, in the plugin's order; empty when {@code failure} is set
     * @param reason     the Ready condition's reason of {@code failure}; null when there is none
     * @param failure    why nothing is planned (invalid Capability, too many dependents), or null
     */
    public record Declared(List<DependentResource> dependents, ReadyReason reason, String failure) {
        public Declared {
            dependents = List.copyOf(dependents);
        }
    }

    /**
     * Asks {@code plugin} whether {@code owner} is valid, then for its dependents, and checks
     * their number.
     *
     * @throws PluginException when a plugin call fails
     */
    public Declared declare(Capability owner, Plugin plugin) {
        List<String> problems = plugin.checkValidity(owner);
        if (!problems.isEmpty()) {
            return new Declared(List.of(), ReadyReason.INVALID, "plugin '" + plugin.name()
                    + "' finds the Capability invalid: "
                    + String.join("; ", problems));
        }
        List<DependentResource> dependents = plugin.readyFor(owner);
        if (dependents.size() > maxDependents) {
            return new Declared(List.of(), ReadyReason.TOO_MANY_DEPENDENTS, "plugin '" + plugin.name() + "' declared "
                    + dependents.size()
                    + " dependents for this Capability, over the limit of " + maxDependents
                    + " per Capability (--max-dependents); nothing was applied");
        }
        return new Declared(dependents, null, null);
    }

    /**
     * {@link #declare} then {@link #plan(Capability, Plugin, List, LiveObjects)}.
     *
     * @throws PluginException when a plugin call fails
     */
    public Plan plan(Capability owner, Plugin plugin, LiveObjects live) {
        Declared declared = declare(owner, plugin);
        return declared.failure() != null ? Plan.refused(declared.failure())
                : plan(owner, plugin, declared.dependents(), live);
    }

    /**
     * The plan for {@code dependents} of {@code owner} (as {@link #declare} gave them), against
     * {@code live}.
     *
     * @throws PluginException when a plugin call fails (Build, Update)
     */
    public Plan plan(Capability owner, Plugin plugin, List<DependentResource> dependents, LiveObjects live) {
        List<Plan.Step> steps = new ArrayList<>();
        for (DependentResource dependent : dependents) {
            steps.add(step(owner, plugin, dependent, live));
        }
        return Plan.of(plugin.name(), steps);
    }

    /**
     * How a {@link PluginException} reads in a status: its message when it names the plugin
     * already, else prefixed with {@code plugin '<name>' failed: }.
     */
    public static String failureOf(PluginException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("'" + e.pluginName() + "'") ? message
                : "plugin '" + e.pluginName() + "' failed: " + message;
    }

    private Plan.Step step(Capability owner, Plugin plugin, DependentResource dependent, LiveObjects live) {
        DependentKey key = dependent.key();
        DependentResourceConfig config = dependent.config();
        String typeName = config.typeName().isBlank() ? key.kind() : config.typeName();
        ScopeResolver.Scope scope = validator.scopes().scopeOf(key.apiVersion(), key.kind());
        Plan.Step step = new Plan.Step(dependent, typeName, scope == ScopeResolver.Scope.NAMESPACED);
        Optional<String> kindProblem = validator.problemWithDependent(plugin.name(), key, config, scope);
        if (kindProblem.isPresent()) {
            return refused(step, kindProblem.get());
        }
        step.live = live.get(key, step.namespaced ? owner.getMetadata().getNamespace() : null);
        if (step.live == null) {
            if (!config.created()) {
                if (config.checkedForReadiness()) {
                    step.fixedCondition = step.named(DependentCondition.pending("NotFound", key.kind() + " "
                            + key.name() + " does not exist yet (the operator does not create it)"));
                }
                return step;
            }
            HasMetadata desired = dependent.build();
            Optional<String> problem = validator.problem(plugin.name(), key, desired, owner);
            if (problem.isPresent()) {
                return refused(step, problem.get());
            }
            step.dropped = DependentObjects.prepare(desired, owner, config.owned(), step.namespaced);
            step.toCreate = desired;
        } else if (!DependentObjects.managedBy(step.live, owner)) {
            if (config.created()) {
                step.blocker = step.named(DependentCondition.failed("Conflict", key.kind() + " " + key.name()
                        + " already exists and is not managed by Capability " + owner.getMetadata().getName()
                        + "; the operator leaves it alone"));
            }
        } else if (config.updated()) {
            UpdateResult result = dependent.update(LiveView.forPlugin(step.live, owner, step.namespaced));
            if (result.changed()) {
                HasMetadata changed = result.object();
                Optional<String> problem = validator.problem(plugin.name(), key, changed, owner);
                if (problem.isPresent()) {
                    return refused(step, problem.get());
                }
                step.dropped = DependentObjects.prepare(changed, step.live, owner, config.owned(), step.namespaced);
                step.toUpdate = changed;
            }
        }
        return step;
    }

    private static Plan.Step refused(Plan.Step step, String problem) {
        step.refused = problem;
        step.blocker = step.named(DependentCondition.failed(REJECTED, problem));
        return step;
    }
}
