package io.halkyon.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilitySpec;
import io.halkyon.plugin.api.Parameter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveViewTest {

    private static Capability owner(String... parameterValues) {
        List<Parameter> parameters = java.util.Arrays.stream(parameterValues).map(v -> new Parameter("p", v)).toList();
        Capability owner = Capability.of("db", "apps", new CapabilitySpec("c", "t", null, parameters));
        owner.getMetadata().setUid("owner-uid");
        return owner;
    }

    private static Secret secret(String namespace, Map<String, String> labels) {
        return new SecretBuilder().withNewMetadata().withName("s").withNamespace(namespace).withLabels(labels)
                .withAnnotations(Map.of("a", "b")).endMetadata().withData(Map.of("password", "c2VjcmV0")).build();
    }

    private static String json(HasMetadata object) {
        return new KubernetesSerialization().asJson(object);
    }

    @Test
    void anObjectNeitherManagedOwnedNorNamedIsAnIdentityStub() {
        HasMetadata seen = LiveView.forPlugin(secret("apps", Map.of(DependentObjects.CAPABILITY_LABEL, "other")),
                owner("unrelated"), true);

        assertThat(json(seen)).isEqualTo(
                "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"s\",\"namespace\":\"apps\"}}");
    }

    @Test
    void managedOwnedOrNamedObjectsAreWhole() {
        Secret managed = secret("apps", Map.of(DependentObjects.CAPABILITY_LABEL, "db",
                DependentObjects.CAPABILITY_NAMESPACE_LABEL, "apps"));
        assertThat(LiveView.forPlugin(managed, owner(), true)).isSameAs(managed);
        Secret owned = secret("apps", Map.of());
        owned.getMetadata().setOwnerReferences(List.of(DependentObjects.ownerReference(owner())));
        assertThat(LiveView.forPlugin(owned, owner(), true)).isSameAs(owned);
        Secret named = secret("apps", Map.of());
        assertThat(LiveView.forPlugin(named, owner("s"), true)).isSameAs(named);
    }

    @Test
    void namingReachesOnlyNamespacedObjectsOfTheCapabilitysNamespace() {
        assertThat(LiveView.forPlugin(secret("elsewhere", Map.of()), owner("s"), true).getMetadata().getLabels())
                .isNullOrEmpty();
        assertThat(json(LiveView.forPlugin(secret(null, Map.of()), owner("s"), false))).doesNotContain("password");
    }
}
