package io.halkyon.operator.reconcile;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentCondition;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.DependentResourceConfig;
import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.api.UpdateResult;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the dependents of a Capability to what its plugin wants, all or nothing, in three
 * passes:
 * <ol>
 *   <li><b>plan</b>: for every dependent, in order, reads the live object (from the informer of its kind
 *       when it holds it, see {@link WatchRegistrar#cached}) and asks the plugin for
 *       the object to create (Build, when missing and created by the operator) or the changed
 *       object (Update, when present, managed and updated by the operator); every object is
 *       checked by the {@link ObjectValidator} and stripped of what only the operator sets
 *       ({@link OperatorMetadata}). Nothing is written in this pass.</li>
 *   <li><b>write</b>: only when every dependent can be applied, creates and updates them in
 *       order. When any is blocked (an object refused, or an object of that name that the
 *       operator does not manage) nothing at all is written, and each blocked dependent gets a
 *       Failed condition naming the plugin and the problem. Nothing is written either when the
 *       objects to create would take the plugin past its limit ({@link PluginObjectCounts}).</li>
 *   <li><b>conditions</b>: asks the plugin for the condition of every dependent checked for
 *       readiness, once every object is written.</li>
 * </ol>
 * A plugin call failing (a {@code PluginException}: bad answer, timeout, unavailable) in the
 * plan pass leaves nothing written. In the conditions pass (a condition of an unknown type,
 * refused by the host, a timeout...) every object is already written, all of them: only the
 * status is missing, and the reconciler reports the failure. Writes are plain create/update (no
 * server-side apply). Live objects reach the plugin (Update, GetCondition) as {@link LiveView}
 * allows.
 */
final class DependentApplier {

    private static final Logger log = LoggerFactory.getLogger(DependentApplier.class);
    /** The reason of a refused dependent's condition. */
    static final String REJECTED = "Rejected";

    private final KubernetesClient client;
    private final ObjectValidator validator;
    private final OperatorEvents events;
    private final PluginObjectCounts counts;
    private final WatchRegistrar watches;
    /** The namespaced kinds written since start, as apiVersion/kind: what a cleanup looks through. */
    private final Set<String> writtenKinds = ConcurrentHashMap.newKeySet();

    DependentApplier(KubernetesClient client, ObjectValidator validator, OperatorEvents events,
                     PluginObjectCounts counts, WatchRegistrar watches) {
        this.client = client;
        this.watches = watches;
        this.validator = validator;
        this.events = events;
        this.counts = counts;
    }

    /**
     * What applying a Capability's dependents gave.
     *
     * @param overLimit set when nothing was written because the plugin would go past its object limit
     */
    record Applied(List<DependentCondition> conditions, boolean blocked, String overLimit) {
    }

    /** The apiVersion/kind pairs of the namespaced objects written since start. */
    Set<String> writtenKinds() {
        return Set.copyOf(writtenKinds);
    }

    /**
     * Applies {@code dependents} of {@code owner}, all or nothing (see the class comment). The
     * conditions are those of the dependents checked for readiness, or, when {@code blocked},
     * one Failed condition per dependent that kept the others from being written.
     */
    Applied apply(Capability owner, Plugin plugin, List<DependentResource> dependents) {
        List<Step> steps = new ArrayList<>();
        List<DependentCondition> blockers = new ArrayList<>();
        for (DependentResource dependent : dependents) {
            Step step = plan(owner, plugin, dependent);
            steps.add(step);
            if (step.blocker != null) {
                blockers.add(step.blocker);
            }
        }
        int existing = (int) steps.stream().filter(s -> s.live != null && managedBy(s.live, owner)).count();
        int toCreate = blockers.isEmpty() ? (int) steps.stream().filter(s -> s.toCreate != null).count() : 0;
        Optional<String> overLimit = counts.reserve(plugin.name(), key(owner), existing, toCreate);
        if (overLimit.isPresent()) {
            log.warn("Capability {}/{}: {}", owner.getMetadata().getNamespace(), owner.getMetadata().getName(),
                    overLimit.get());
            return new Applied(List.of(), true, overLimit.get());
        }
        if (!blockers.isEmpty()) {
            log.warn("Capability {}/{}: plugin '{}': {} of {} dependents cannot be applied; nothing written",
                    owner.getMetadata().getNamespace(), owner.getMetadata().getName(), plugin.name(), blockers.size(),
                    steps.size());
            return new Applied(blockers, true, null);
        }
        for (Step step : steps) {
            write(owner, plugin, step);
        }
        List<DependentCondition> conditions = new ArrayList<>();
        for (Step step : steps) {
            condition(owner, plugin, step).ifPresent(conditions::add);
        }
        return new Applied(conditions, false, null);
    }

    /** How {@link PluginObjectCounts} names a Capability. */
    static String key(Capability owner) {
        return owner.getMetadata().getNamespace() + "/" + owner.getMetadata().getName();
    }

    /** One dependent: what to write, or why it cannot be. */
    private static final class Step {
        final DependentResource dependent;
        final DependentKey key;
        final String typeName;
        final boolean namespaced;
        HasMetadata live;
        HasMetadata toCreate;
        HasMetadata toUpdate;
        /** Set when this dependent keeps the Capability from being applied. */
        DependentCondition blocker;
        /** Set when the condition is known without asking the plugin. */
        DependentCondition fixedCondition;

        Step(DependentResource dependent, String typeName, boolean namespaced) {
            this.dependent = dependent;
            this.key = dependent.key();
            this.typeName = typeName;
            this.namespaced = namespaced;
        }
    }

    private Step plan(Capability owner, Plugin plugin, DependentResource dependent) {
        DependentKey key = dependent.key();
        DependentResourceConfig config = dependent.config();
        String typeName = config.typeName().isBlank() ? key.kind() : config.typeName();
        ScopeResolver.Scope scope = validator.scopes().scopeOf(key.apiVersion(), key.kind());
        Step step = new Step(dependent, typeName, scope == ScopeResolver.Scope.NAMESPACED);
        Optional<String> kindProblem = validator.problemWithDependent(plugin.name(), key, config, scope);
        if (kindProblem.isPresent()) {
            step.blocker = rejected(owner, step, kindProblem.get());
            return step;
        }
        step.live = get(key, step.namespaced ? owner.getMetadata().getNamespace() : null);
        if (step.live == null) {
            if (!config.created()) {
                if (config.checkedForReadiness()) {
                    step.fixedCondition = named(DependentCondition.pending("NotFound", key.kind() + " " + key.name()
                            + " does not exist yet (the operator does not create it)"), step);
                }
                return step;
            }
            HasMetadata desired = dependent.build();
            Optional<String> problem = validator.problem(plugin.name(), key, desired, owner);
            if (problem.isPresent()) {
                step.blocker = rejected(owner, step, problem.get());
                return step;
            }
            logDropped(owner, plugin, key, DependentObjects.prepare(desired, owner, config.owned(), step.namespaced));
            step.toCreate = desired;
        } else if (!managedBy(step.live, owner)) {
            if (config.created()) {
                step.blocker = named(DependentCondition.failed("Conflict", key.kind() + " " + key.name()
                        + " already exists and is not managed by Capability " + owner.getMetadata().getName()
                        + "; the operator leaves it alone"), step);
            }
        } else if (config.updated()) {
            UpdateResult result = dependent.update(LiveView.forPlugin(step.live, owner, step.namespaced));
            if (result.changed()) {
                HasMetadata changed = result.object();
                Optional<String> problem = validator.problem(plugin.name(), key, changed, owner);
                if (problem.isPresent()) {
                    step.blocker = rejected(owner, step, problem.get());
                    return step;
                }
                logDropped(owner, plugin, key,
                        DependentObjects.prepare(changed, step.live, owner, config.owned(), step.namespaced));
                step.toUpdate = changed;
            }
        }
        return step;
    }

    private void write(Capability owner, Plugin plugin, Step step) {
        String namespace = owner.getMetadata().getNamespace();
        if (step.toCreate != null) {
            step.live = create(step.toCreate, step.key, step.namespaced ? namespace : null, owner, plugin);
        } else if (step.toUpdate != null) {
            HasMetadata previous = step.live;
            step.live = client.resource(step.toUpdate).update();
            watches.wrote(owner, step.key, step.live, previous);
            log.info("plugin '{}': updated {} for Capability {}/{}", plugin.name(), step.key, namespace,
                    owner.getMetadata().getName());
            events.updated(owner, step.live);
        }
    }

    private Optional<DependentCondition> condition(Capability owner, Plugin plugin, Step step) {
        if (step.fixedCondition != null) {
            return Optional.of(step.fixedCondition);
        }
        if (!step.dependent.config().checkedForReadiness() || step.live == null) {
            return Optional.empty();
        }
        DependentCondition condition = step.dependent.condition(LiveView.forPlugin(step.live, owner, step.namespaced));
        if (condition == null) {
            condition = DependentCondition.failed("NoCondition", "plugin '" + plugin.name()
                    + "' returned no condition for " + step.key);
        }
        return Optional.of(named(condition, step));
    }

    private HasMetadata create(HasMetadata desired, DependentKey key, String namespace, Capability owner, Plugin plugin) {
        try {
            HasMetadata created = client.resource(desired).create();
            watches.wrote(owner, key, created, null);
            if (namespace != null) {
                writtenKinds.add(key.apiVersion() + "/" + key.kind());
            }
            log.info("plugin '{}': created {} for Capability {}/{}", plugin.name(), key,
                    owner.getMetadata().getNamespace(), owner.getMetadata().getName());
            events.created(owner, created);
            return created;
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                HasMetadata existing = read(key, namespace); // created meanwhile: carry on with it
                if (existing != null) {
                    return existing;
                }
            }
            throw e;
        }
    }

    /** One line per object whose plugin put something where only the operator writes. */
    private static void logDropped(Capability owner, Plugin plugin, DependentKey key, List<String> dropped) {
        if (!dropped.isEmpty()) {
            log.warn("Capability {}/{}: plugin '{}' set on {} what only the operator sets; dropped: {}",
                    owner.getMetadata().getNamespace(), owner.getMetadata().getName(), plugin.name(), key,
                    String.join(", ", dropped));
        }
    }

    /**
     * The live object: from the informer of its kind when it holds it (a watched kind, an object
     * the operator wrote), else from the API server; null when there is none. An object the cache
     * does not hold is always read from the API server, so one of the same name that the operator
     * did not write (no label: no informer holds it) is seen, and refused as not managed.
     */
    private HasMetadata get(DependentKey key, String namespace) {
        Optional<GenericKubernetesResource> cached = watches.cached(key, namespace);
        if (cached.isPresent()) {
            return cached.get();
        }
        return read(key, namespace);
    }

    /** The object from the API server; null when there is none. */
    private HasMetadata read(DependentKey key, String namespace) {
        var operation = client.genericKubernetesResources(key.apiVersion(), key.kind());
        GenericKubernetesResource found = namespace == null
                ? operation.withName(key.name()).get()
                : operation.inNamespace(namespace).withName(key.name()).get();
        return found;
    }

    private DependentCondition rejected(Capability owner, Step step, String problem) {
        log.warn("Capability {}/{}: {}", owner.getMetadata().getNamespace(), owner.getMetadata().getName(), problem);
        events.rejected(owner, step.key, problem);
        return named(DependentCondition.failed(REJECTED, problem), step);
    }

    /** Whether the operator wrote {@code live} for {@code owner}: its labels name the Capability. */
    static boolean managedBy(HasMetadata live, Capability owner) {
        Map<String, String> labels = live.getMetadata().getLabels();
        return labels != null
                && Objects.equals(labels.get(DependentObjects.CAPABILITY_LABEL), owner.getMetadata().getName())
                && Objects.equals(labels.getOrDefault(DependentObjects.CAPABILITY_NAMESPACE_LABEL,
                        owner.getMetadata().getNamespace()), owner.getMetadata().getNamespace());
    }

    private static DependentCondition named(DependentCondition condition, Step step) {
        condition.setDependentType(step.typeName);
        condition.setDependentName(step.key.name());
        return condition;
    }
}
