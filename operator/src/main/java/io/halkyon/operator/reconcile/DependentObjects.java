package io.halkyon.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.halkyon.plugin.api.Capability;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the operator adds to every object it writes for a Capability: the Capability's namespace
 * (namespaced kinds), the labels mapping the object back to its Capability (so events map back
 * even for objects it does not own), and, when the dependent is owned, an owner reference; after
 * dropping what a plugin may not set ({@link OperatorMetadata}). Applied by the {@link Planner}
 * only, so the reconciler and {@code render} prepare objects alike.
 */
public final class DependentObjects {

    /** Label on every object the operator writes: the name of its Capability. */
    public static final String CAPABILITY_LABEL = "halkyon.io/capability";
    /** Label on every object the operator writes: the namespace of its Capability. */
    public static final String CAPABILITY_NAMESPACE_LABEL = "halkyon.io/capability-namespace";

    private DependentObjects() {
    }

    /**
     * Prepares {@code object}, built by a plugin, to be created, in place: drops what only the
     * operator or the API server sets ({@link OperatorMetadata}), then adds namespace, labels
     * and (when {@code owned} and namespaced) the owner reference. A cluster-scoped object gets
     * no owner reference: Kubernetes does not let a namespaced owner own it; the labels still map
     * it back.
     *
     * @return what the plugin had put where only the operator writes (see {@link OperatorMetadata#reset})
     */
    static List<String> prepare(HasMetadata object, Capability owner, boolean owned, boolean namespaced) {
        return prepare(object, null, owner, owned, namespaced);
    }

    /**
     * As {@link #prepare(HasMetadata, Capability, boolean, boolean)} for an update of
     * {@code live} (or a create when it is {@code null}): the fields only the operator or the API
     * server sets keep {@code live}'s values.
     */
    static List<String> prepare(HasMetadata object, HasMetadata live, Capability owner, boolean owned,
                                boolean namespaced) {
        var meta = object.getMetadata();
        List<String> dropped = OperatorMetadata.reset(meta, live == null ? null : live.getMetadata());
        meta.setNamespace(namespaced ? owner.getMetadata().getNamespace() : null);
        Map<String, String> labels = new LinkedHashMap<>(meta.getLabels());
        labels.put(CAPABILITY_LABEL, owner.getMetadata().getName());
        labels.put(CAPABILITY_NAMESPACE_LABEL, owner.getMetadata().getNamespace());
        meta.setLabels(labels);
        if (owned && namespaced) {
            List<OwnerReference> refs = meta.getOwnerReferences() == null ? new ArrayList<>()
                    : new ArrayList<>(meta.getOwnerReferences());
            refs.removeIf(r -> Capability.API_VERSION.equals(r.getApiVersion()) && "Capability".equals(r.getKind()));
            refs.add(ownerReference(owner));
            meta.setOwnerReferences(refs);
        }
        return dropped;
    }

    /** The controller owner reference to {@code owner}. */
    public static OwnerReference ownerReference(Capability owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(Capability.API_VERSION)
                .withKind("Capability")
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    /** Whether the operator wrote {@code live} for {@code owner}: its labels name the Capability. */
    public static boolean managedBy(HasMetadata live, Capability owner) {
        Map<String, String> labels = live.getMetadata().getLabels();
        return labels != null
                && Objects.equals(labels.get(CAPABILITY_LABEL), owner.getMetadata().getName())
                && Objects.equals(labels.getOrDefault(CAPABILITY_NAMESPACE_LABEL, owner.getMetadata().getNamespace()),
                        owner.getMetadata().getNamespace());
    }

    /** Whether {@code object} has an owner reference to {@code owner} (by uid). */
    public static boolean isOwnedBy(HasMetadata object, Capability owner) {
        List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
        return refs != null && refs.stream().anyMatch(r -> "Capability".equals(r.getKind())
                && Objects.equals(r.getUid(), owner.getMetadata().getUid()));
    }
}
