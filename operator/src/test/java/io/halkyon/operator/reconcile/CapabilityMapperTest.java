package io.halkyon.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import org.junit.jupiter.api.Test;

class CapabilityMapperTest {

    private final CapabilityMapper mapper = new CapabilityMapper();

    @Test
    void mapsByOwnerReference() {
        GenericKubernetesResource owned = new GenericKubernetesResourceBuilder().withApiVersion("v1").withKind("Secret")
                .withNewMetadata().withName("s").withNamespace("ns")
                .addNewOwnerReference().withApiVersion("halkyon.io/v1beta1").withKind("Capability").withName("db")
                .withUid("u").endOwnerReference().endMetadata().build();
        assertThat(mapper.toPrimaryResourceIDs(owned)).containsExactly(new ResourceID("db", "ns"));
    }

    @Test
    void mapsUnownedObjectsByTheirLabels() {
        GenericKubernetesResource labelled = new GenericKubernetesResourceBuilder().withApiVersion("v1")
                .withKind("ConfigMap").withNewMetadata().withName("c").withNamespace("ns")
                .addToLabels(DependentObjects.CAPABILITY_LABEL, "db").endMetadata().build();
        assertThat(mapper.toPrimaryResourceIDs(labelled)).containsExactly(new ResourceID("db", "ns"));

        GenericKubernetesResource clusterScoped = new GenericKubernetesResourceBuilder().withApiVersion("v1")
                .withKind("Namespace").withNewMetadata().withName("n")
                .addToLabels(DependentObjects.CAPABILITY_LABEL, "db")
                .addToLabels(DependentObjects.CAPABILITY_NAMESPACE_LABEL, "team").endMetadata().build();
        assertThat(mapper.toPrimaryResourceIDs(clusterScoped)).containsExactly(new ResourceID("db", "team"));
    }

    @Test
    void ignoresOtherObjects() {
        GenericKubernetesResource other = new GenericKubernetesResourceBuilder().withApiVersion("v1")
                .withKind("ConfigMap").withNewMetadata().withName("c").withNamespace("ns").endMetadata().build();
        assertThat(mapper.toPrimaryResourceIDs(other)).isEmpty();
    }
}
