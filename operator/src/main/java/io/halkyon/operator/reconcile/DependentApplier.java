package io.halkyon.operator.reconcile;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentCondition;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.Plugin;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a Capability's {@link Plan} (made by the {@link Planner} against the cluster, read
 * through {@link #live()}), all or nothing, in two passes:
 * <ol>
 *   <li><b>write</b>: only when the plan can be applied, creates and updates its objects in
 *       order. When the plan failed (an object refused, or an object of that name that the
 *       operator does not manage) nothing at all is written, and each blocked dependent gets a
 *       Failed condition naming the plugin and the problem. Nothing is written either when the
 *       objects to create would take the plugin past its limit ({@link PluginObjectCounts}).</li>
 *   <li><b>conditions</b>: asks the plugin for the condition of every dependent checked for
 *       readiness, once every object is written.</li>
 * </ol>
 * In the conditions pass, a plugin call failing (a condition of an unknown type, refused by the
 * host, a timeout...) leaves every object already written, all of them: only the status is
 * missing, and the reconciler reports the failure. Writes are plain create/update (no
 * server-side apply). Live objects reach the plugin (GetCondition) as {@link LiveView} allows.
 */
final class DependentApplier {

    private static final Logger log = LoggerFactory.getLogger(DependentApplier.class);

    private final KubernetesClient client;
    private final OperatorEvents events;
    private final PluginObjectCounts counts;
    private final WatchRegistrar watches;
    /** The namespaced kinds written since start, as apiVersion/kind: what a cleanup looks through. */
    private final Set<String> writtenKinds = ConcurrentHashMap.newKeySet();

    DependentApplier(KubernetesClient client, OperatorEvents events, PluginObjectCounts counts,
                     WatchRegistrar watches) {
        this.client = client;
        this.watches = watches;
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

    /** What exists, for the {@link Planner}: see {@link #get}. */
    LiveObjects live() {
        return this::get;
    }

    /**
     * Applies {@code plan} of {@code owner}, all or nothing (see the class comment). The
     * conditions are those of the dependents checked for readiness, or, when {@code blocked},
     * one Failed condition per dependent that kept the others from being written.
     */
    Applied apply(Capability owner, Plugin plugin, Plan plan) {
        List<Plan.Step> steps = plan.steps();
        for (Plan.Step step : steps) {
            if (step.refused != null) {
                log.warn("Capability {}/{}: {}", owner.getMetadata().getNamespace(), owner.getMetadata().getName(),
                        step.refused);
                events.rejected(owner, step.key, step.refused);
            }
        }
        int existing = (int) steps.stream()
                .filter(s -> s.live != null && DependentObjects.managedBy(s.live, owner)).count();
        int toCreate = plan.failed() ? 0 : (int) steps.stream().filter(s -> s.toCreate != null).count();
        Optional<String> overLimit = counts.reserve(plugin.name(), key(owner), existing, toCreate);
        if (overLimit.isPresent()) {
            log.warn("Capability {}/{}: {}", owner.getMetadata().getNamespace(), owner.getMetadata().getName(),
                    overLimit.get());
            return new Applied(List.of(), true, overLimit.get());
        }
        if (plan.failed()) {
            List<DependentCondition> blockers = plan.blockers();
            log.warn("Capability {}/{}: plugin '{}': {} of {} dependents cannot be applied; nothing written",
                    owner.getMetadata().getNamespace(), owner.getMetadata().getName(), plugin.name(), blockers.size(),
                    steps.size());
            return new Applied(blockers, true, null);
        }
        for (Plan.Step step : steps) {
            logDropped(owner, plugin, step);
            write(owner, plugin, step);
        }
        List<DependentCondition> conditions = new ArrayList<>();
        for (Plan.Step step : steps) {
            condition(owner, plugin, step).ifPresent(conditions::add);
        }
        return new Applied(conditions, false, null);
    }

    /** How {@link PluginObjectCounts} names a Capability. */
    static String key(Capability owner) {
        return owner.getMetadata().getNamespace() + "/" + owner.getMetadata().getName();
    }

    private void write(Capability owner, Plugin plugin, Plan.Step step) {
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

    private Optional<DependentCondition> condition(Capability owner, Plugin plugin, Plan.Step step) {
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
        return Optional.of(step.named(condition));
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
    private static void logDropped(Capability owner, Plugin plugin, Plan.Step step) {
        if (!step.dropped.isEmpty()) {
            log.warn("Capability {}/{}: plugin '{}' set on {} what only the operator sets; dropped: {}",
                    owner.getMetadata().getNamespace(), owner.getMetadata().getName(), plugin.name(), step.key,
                    String.join(", ", step.dropped));
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
}
