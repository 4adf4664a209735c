package io.halkyon.plugin.proto.internal.capability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilitySpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class KubeJsonTest {

    private static final KubernetesSerialization FABRIC8 = new KubernetesSerialization();

    private final ConfigMap map = new ConfigMapBuilder().withNewMetadata().withName("m").withNamespace("ns")
            .addToLabels("a", "b").endMetadata().addToData("k", "v").build();

    @Test
    void writesTheSameJsonAsFabric8() {
        Capability owner = Capability.of("db", "ns", new CapabilitySpec("database", "postgres", "16", List.of()));

        assertThat(KubeJson.json(map).toStringUtf8()).isEqualTo(FABRIC8.asJson(map));
        assertThat(KubeJson.json(owner).toStringUtf8()).isEqualTo(FABRIC8.asJson(owner));
    }

    @Test
    void readsKnownKindsTypedAndOthersGeneric() {
        HasMetadata typed = KubeJson.object(KubeJson.json(map));
        HasMetadata generic = KubeJson.object(ByteString.copyFromUtf8(
                "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\"}}"));

        assertThat(typed).isEqualTo(map);
        assertThat(generic).isInstanceOf(GenericKubernetesResource.class);
        assertThat(generic.getKind()).isEqualTo("Widget");
    }

    @Test
    void readsACapabilityBackAsItWasWritten() {
        Capability owner = Capability.of("db", "ns", new CapabilitySpec("database", "postgres", "16", List.of()));

        Capability read = KubeJson.capability(KubeJson.json(owner));

        assertThat(FABRIC8.asJson(read)).isEqualTo(FABRIC8.asJson(owner));
        assertThat(KubeJson.capability(ByteString.copyFromUtf8("null"))).isNull();
    }

    @Test
    void stillReadsWhatFabric8ReadsBesidesJson() {
        HasMetadata fromYaml = KubeJson.object(ByteString.copyFromUtf8(
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y\n"));

        assertThat(fromYaml).isInstanceOf(ConfigMap.class);
        assertThat(fromYaml.getMetadata().getName()).isEqualTo("y");
    }

    @Test
    void aParseFailureSaysWhatInOneLine() {
        assertThatThrownBy(() -> KubeJson.object(ByteString.copyFromUtf8("{\"kind\": ")))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).isNotBlank().doesNotContain("\n"));
    }
}
