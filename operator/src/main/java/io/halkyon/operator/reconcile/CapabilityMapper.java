package io.halkyon.operator.reconcile;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.halkyon.plugin.api.Capability;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps an object to the Capability it belongs to: by its owner references to a Capability, or
 * by the {@code halkyon.io/capability} labels the operator puts on everything it writes (so an
 * unowned or cluster-scoped object maps back too).
 */
final class CapabilityMapper implements SecondaryToPrimaryMapper<GenericKubernetesResource> {

    @Override
    public Set<ResourceID> toPrimaryResourceIDs(GenericKubernetesResource object) {
        Set<ResourceID> ids = new HashSet<>();
        String namespace = object.getMetadata().getNamespace();
        List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
        if (refs != null && namespace != null) {
            for (OwnerReference ref : refs) {
                if ("Capability".equals(ref.getKind()) && ref.getApiVersion() != null
                        && ref.getApiVersion().startsWith(Capability.GROUP + "/")) {
                    ids.add(new ResourceID(ref.getName(), namespace));
                }
            }
        }
        Map<String, String> labels = object.getMetadata().getLabels();
        if (labels != null && labels.get(DependentObjects.CAPABILITY_LABEL) != null) {
            String ownerNamespace = labels.getOrDefault(DependentObjects.CAPABILITY_NAMESPACE_LABEL, namespace);
            if (ownerNamespace != null) {
                ids.add(new ResourceID(labels.get(DependentObjects.CAPABILITY_LABEL), ownerNamespace));
            }
        }
        return ids;
    }
}
