package io.halkyon.operator.reconcile;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.host.PluginRegistry;
import io.halkyon.plugin.host.Resolution;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what a deleted Capability owns: the objects in its namespace that carry its label and
 * an owner reference to it (by uid). A real cluster's garbage collector does the same from the
 * owner references; an API server without one (the embedded CRUD server) relies on this. Objects
 * the Capability does not own are left alone. Looks through the kinds its plugin declares (when
 * the plugin is there and declares no more than {@link OperatorSettings#maxDependents}: one list
 * call per kind) and every namespaced kind the operator wrote since start.
 */
final class OwnedObjectsCleaner {

    private static final Logger log = LoggerFactory.getLogger(OwnedObjectsCleaner.class);

    private final KubernetesClient client;
    private final OperatorEvents events;
    private final int maxDependents;

    OwnedObjectsCleaner(KubernetesClient client, OperatorEvents events, int maxDependents) {
        this.client = client;
        this.events = events;
        this.maxDependents = maxDependents;
    }

    /** Deletes what {@code owner} owns; returns how many objects were deleted. */
    int clean(Capability owner, PluginRegistry registry, Set<String> writtenKinds) {
        Set<String> kinds = new LinkedHashSet<>(writtenKinds);
        Resolution resolution = registry.resolve(owner.getSpec());
        if (resolution.found()) {
            try {
                List<DependentResource> dependents = resolution.plugin().readyFor(owner);
                if (dependents.size() > maxDependents) {
                    log.warn("plugin '{}' declares {} dependents for deleted Capability {}/{}, over the limit of {};"
                            + " cleaning up the kinds written since start", resolution.plugin().name(),
                            dependents.size(), owner.getMetadata().getNamespace(), owner.getMetadata().getName(),
                            maxDependents);
                    dependents = List.of();
                }
                for (DependentResource dependent : dependents) {
                    kinds.add(dependent.key().apiVersion() + "/" + dependent.key().kind());
                }
            } catch (PluginException e) {
                log.info("plugin '{}' could not list the dependents of deleted Capability {}/{} ({}); cleaning up"
                        + " the kinds written since start", e.pluginName(), owner.getMetadata().getNamespace(),
                        owner.getMetadata().getName(), e.getMessage());
            }
        }
        int deleted = 0;
        String namespace = owner.getMetadata().getNamespace();
        for (String kind : kinds) {
            int slash = kind.lastIndexOf('/');
            var objects = client.genericKubernetesResources(kind.substring(0, slash), kind.substring(slash + 1))
                    .inNamespace(namespace)
                    .withLabel(DependentObjects.CAPABILITY_LABEL, owner.getMetadata().getName())
                    .list().getItems();
            for (GenericKubernetesResource object : objects) {
                if (DependentObjects.isOwnedBy(object, owner)) {
                    client.resource(object).delete();
                    deleted++;
                    events.deleted(owner, object);
                }
            }
        }
        log.info("Capability {}/{} deleted: {} owned objects deleted", namespace, owner.getMetadata().getName(), deleted);
        return deleted;
    }
}
