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
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one dependent of a Capability to what its plugin wants: creates it when missing (if the
 * dependent is created by the operator), updates it when the plugin says it changed (if updated),
 * and reads its condition (if checked for readiness). Every object the plugin builds is checked
 * by the {@link ObjectValidator} first; a refused one is never written. Writes are plain
 * create/update (no server-side apply). Plugin calls may throw {@code PluginException}; the
 * reconciler handles it.
 */
final class DependentApplier {

    private static final Logger log = LoggerFactory.getLogger(DependentApplier.class);

    private final KubernetesClient client;
    private final ObjectValidator validator;
    private final OperatorEvents events;
    /** The namespaced kinds written since start, as apiVersion/kind: what a cleanup looks through. */
    private final Set<String> writtenKinds = ConcurrentHashMap.newKeySet();

    DependentApplier(KubernetesClient client, ObjectValidator validator, OperatorEvents events) {
        this.client = client;
        this.validator = validator;
        this.events = events;
    }

    /** The apiVersion/kind pairs of the namespaced objects written since start. */
    Set<String> writtenKinds() {
        return Set.copyOf(writtenKinds);
    }

    /**
     * Applies {@code dependent}; returns its condition when it counts for readiness or was
     * refused (a Failed condition naming the plugin and the problem), empty otherwise.
     */
    Optional<DependentCondition> apply(Capability owner, Plugin plugin, DependentResource dependent) {
        DependentKey key = dependent.key();
        DependentResourceConfig config = dependent.config();
        String typeName = config.typeName().isBlank() ? key.kind() : config.typeName();
        String namespace = owner.getMetadata().getNamespace();

        ScopeResolver.Scope scope = validator.scopes().scopeOf(key.apiVersion(), key.kind());
        Optional<String> scopeProblem = validator.problemWithKey(plugin.name(), key, scope);
        if (scopeProblem.isPresent()) {
            return Optional.of(rejected(owner, key, typeName, scopeProblem.get()));
        }
        boolean namespaced = scope == ScopeResolver.Scope.NAMESPACED;
        HasMetadata live = get(key, namespaced ? namespace : null);

        if (live == null) {
            if (!config.created()) {
                return config.checkedForReadiness()
                        ? Optional.of(named(DependentCondition.pending("NotFound", key.kind() + " " + key.name()
                                + " does not exist yet (the operator does not create it)"), typeName, key))
                        : Optional.empty();
            }
            HasMetadata desired = dependent.build();
            Optional<String> problem = validator.problem(plugin.name(), key, desired, owner);
            if (problem.isPresent()) {
                return Optional.of(rejected(owner, key, typeName, problem.get()));
            }
            DependentObjects.prepare(desired, owner, config.owned(), namespaced);
            desired.getMetadata().setResourceVersion(null);
            live = create(desired, key, namespaced ? namespace : null, owner, plugin);
        } else if (!managedBy(live, owner)) {
            if (config.created()) {
                return Optional.of(named(DependentCondition.failed("Conflict", key.kind() + " " + key.name()
                        + " already exists and is not managed by Capability " + owner.getMetadata().getName()
                        + "; the operator leaves it alone"), typeName, key));
            }
        } else if (config.updated()) {
            UpdateResult result = dependent.update(live);
            if (result.changed()) {
                HasMetadata changed = result.object();
                Optional<String> problem = validator.problem(plugin.name(), key, changed, owner);
                if (problem.isPresent()) {
                    return Optional.of(rejected(owner, key, typeName, problem.get()));
                }
                DependentObjects.prepare(changed, owner, config.owned(), namespaced);
                if (changed.getMetadata().getResourceVersion() == null) {
                    changed.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
                }
                live = client.resource(changed).update();
                log.info("plugin '{}': updated {} for Capability {}/{}", plugin.name(), key, namespace,
                        owner.getMetadata().getName());
                events.updated(owner, live);
            }
        }
        if (!config.checkedForReadiness()) {
            return Optional.empty();
        }
        DependentCondition condition = dependent.condition(live);
        if (condition == null) {
            condition = DependentCondition.failed("NoCondition", "plugin '" + plugin.name()
                    + "' returned no condition for " + key);
        }
        return Optional.of(named(condition, typeName, key));
    }

    private HasMetadata create(HasMetadata desired, DependentKey key, String namespace, Capability owner, Plugin plugin) {
        try {
            HasMetadata created = client.resource(desired).create();
            if (namespace != null) {
                writtenKinds.add(key.apiVersion() + "/" + key.kind());
            }
            log.info("plugin '{}': created {} for Capability {}/{}", plugin.name(), key,
                    owner.getMetadata().getNamespace(), owner.getMetadata().getName());
            events.created(owner, created);
            return created;
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                HasMetadata existing = get(key, namespace); // created meanwhile: carry on with it
                if (existing != null) {
                    return existing;
                }
            }
            throw e;
        }
    }

    private HasMetadata get(DependentKey key, String namespace) {
        var operation = client.genericKubernetesResources(key.apiVersion(), key.kind());
        GenericKubernetesResource found = namespace == null
                ? operation.withName(key.name()).get()
                : operation.inNamespace(namespace).withName(key.name()).get();
        return found;
    }

    private DependentCondition rejected(Capability owner, DependentKey key, String typeName, String problem) {
        log.warn("Capability {}/{}: {}", owner.getMetadata().getNamespace(), owner.getMetadata().getName(), problem);
        events.rejected(owner, key, problem);
        return named(DependentCondition.failed("Rejected", problem), typeName, key);
    }

    /** Whether the operator wrote {@code live} for {@code owner}: its labels name the Capability. */
    static boolean managedBy(HasMetadata live, Capability owner) {
        Map<String, String> labels = live.getMetadata().getLabels();
        return labels != null
                && Objects.equals(labels.get(DependentObjects.CAPABILITY_LABEL), owner.getMetadata().getName())
                && Objects.equals(labels.getOrDefault(DependentObjects.CAPABILITY_NAMESPACE_LABEL,
                        owner.getMetadata().getNamespace()), owner.getMetadata().getNamespace());
    }

    private static DependentCondition named(DependentCondition condition, String typeName, DependentKey key) {
        condition.setDependentType(typeName);
        condition.setDependentName(key.name());
        return condition;
    }
}
