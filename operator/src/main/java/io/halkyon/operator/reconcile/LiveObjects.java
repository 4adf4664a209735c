package io.halkyon.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.halkyon.plugin.api.DependentKey;

/** What exists, as the {@link Planner} reads it: the cluster for the reconciler, nothing for {@code render}. */
@FunctionalInterface
public interface LiveObjects {

    /** Nothing exists yet: the plan of a Capability applied to an empty cluster. */
    LiveObjects NONE = (key, namespace) -> null;

    /**
     * The live object of {@code key}.
     *
     * @param namespace the Capability's namespace for a namespaced kind, {@code null} for a cluster-scoped one
     * @return the object, or {@code null} when there is none
     */
    HasMetadata get(DependentKey key, String namespace);
}
