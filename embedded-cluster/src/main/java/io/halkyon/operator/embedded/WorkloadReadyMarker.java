package io.halkyon.operator.embedded;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the kubelet's part for the embedded demo: whenever a StatefulSet or Deployment has fewer
 * ready replicas than it asks for, patches its status so that {@code readyReplicas} (and for a
 * Deployment {@code availableReplicas}) equal {@code spec.replicas}. Only for an API server
 * without nodes; never against a real cluster.
 */
public final class WorkloadReadyMarker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkloadReadyMarker.class);

    private final KubernetesClient client;
    private final Consumer<HasMetadata> marked;
    private final List<SharedIndexInformer<?>> informers;

    /** Starts watching; {@code marked} hears about each workload after it was marked ready. */
    public WorkloadReadyMarker(KubernetesClient client, Consumer<HasMetadata> marked) {
        this.client = client;
        this.marked = marked;
        this.informers = List.of(
                client.apps().statefulSets().inAnyNamespace().inform(handler(this::markStatefulSet)),
                client.apps().deployments().inAnyNamespace().inform(handler(this::markDeployment)));
    }

    private void markStatefulSet(StatefulSet set) {
        int wanted = replicas(set.getSpec() == null ? null : set.getSpec().getReplicas());
        StatefulSetStatus status = set.getStatus();
        if (status != null && Objects.equals(status.getReadyReplicas(), wanted)) {
            return;
        }
        StatefulSet updated = client.apps().statefulSets().inNamespace(set.getMetadata().getNamespace())
                .withName(set.getMetadata().getName()).subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), statusPatch(wanted, true));
        marked.accept(updated);
    }

    private void markDeployment(Deployment deployment) {
        int wanted = replicas(deployment.getSpec() == null ? null : deployment.getSpec().getReplicas());
        DeploymentStatus status = deployment.getStatus();
        if (status != null && Objects.equals(status.getReadyReplicas(), wanted)
                && Objects.equals(status.getAvailableReplicas(), wanted)) {
            return;
        }
        Deployment updated = client.apps().deployments().inNamespace(deployment.getMetadata().getNamespace())
                .withName(deployment.getMetadata().getName()).subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), statusPatch(wanted, false));
        marked.accept(updated);
    }

    /**
     * A JSON merge patch of the status setting every replica count to {@code wanted}: one
     * request, no read first (the informer's object says what is missing). Counts only, no list,
     * so a merge cannot append anything.
     */
    private static String statusPatch(int wanted, boolean statefulSet) {
        return "{\"status\":{\"replicas\":" + wanted + ",\"readyReplicas\":" + wanted + ",\"availableReplicas\":"
                + wanted + ",\"updatedReplicas\":" + wanted + (statefulSet ? ",\"currentReplicas\":" + wanted : "")
                + "}}";
    }

    private static int replicas(Integer specReplicas) {
        return specReplicas == null ? 1 : specReplicas;
    }

    private static <T extends HasMetadata> ResourceEventHandler<T> handler(Consumer<T> mark) {
        Consumer<T> safe = object -> {
            try {
                mark.accept(object);
            } catch (RuntimeException e) {
                // Deleted or changed meanwhile: the next event marks it again.
                log.debug("could not mark {} {} ready: {}", object.getKind(), object.getMetadata().getName(), e.toString());
            }
        };
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                safe.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                safe.accept(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                // nothing to do
            }
        };
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
    }
}
