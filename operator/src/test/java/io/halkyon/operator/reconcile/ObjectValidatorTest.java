package io.halkyon.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilitySpec;
import io.halkyon.plugin.api.DependentKey;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ObjectValidatorTest {

    private final Capability owner = Capability.of("db", "apps", new CapabilitySpec());
    private final ObjectValidator strict = new ObjectValidator(new ScopeResolver(null), false);
    private final ObjectValidator lenient = new ObjectValidator(new ScopeResolver(null), true);

    private static HasMetadata configMap(String name, String namespace) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata().build();
    }

    private Optional<String> check(ObjectValidator validator, DependentKey key, HasMetadata object) {
        return validator.problem("p", key, object, owner);
    }

    @Test
    void aNamespacedObjectInTheCapabilitysNamespaceOrNoneIsAccepted() {
        DependentKey key = DependentKey.of("v1", "ConfigMap", "c");
        assertThat(check(strict, key, configMap("c", "apps"))).isEmpty();
        assertThat(check(strict, key, configMap("c", null))).isEmpty();
    }

    @Test
    void anotherNamespaceIsRefusedNamingThePluginAndBothNamespaces() {
        assertThat(check(strict, DependentKey.of("v1", "ConfigMap", "c"), configMap("c", "kube-system")))
                .hasValueSatisfying(p -> assertThat(p).contains("plugin 'p'", "v1/ConfigMap/c",
                        "namespace 'kube-system' is not the Capability's namespace 'apps'"));
    }

    @Test
    void clusterScopedKindsOnlyWhenAllowed() {
        DependentKey key = DependentKey.of("rbac.authorization.k8s.io/v1", "ClusterRole", "r");
        HasMetadata role = new ClusterRoleBuilder().withNewMetadata().withName("r").endMetadata().build();
        assertThat(check(strict, key, role)).hasValueSatisfying(p -> assertThat(p).contains("cluster-scoped"));
        assertThat(check(lenient, key, role)).isEmpty();
        // A custom kind the built-in list knows is cluster-scoped, without discovery.
        HasMetadata info = new GenericKubernetesResourceBuilder().withApiVersion("halkyon.io/v1beta1")
                .withKind("CapabilityInfo").withNewMetadata().withName("x").endMetadata().build();
        assertThat(check(strict, DependentKey.of(info), info)).hasValueSatisfying(p -> assertThat(p).contains("cluster-scoped"));
    }

    @Test
    void anObjectOverTheSizeLimitIsRefusedWithItsSizeAndTheLimit() {
        ObjectValidator small = new ObjectValidator(new ScopeResolver(null), false, 4096);
        DependentKey key = DependentKey.of("v1", "ConfigMap", "c");
        HasMetadata fits = new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata()
                .withData(java.util.Map.of("k", "x".repeat(3000))).build();
        HasMetadata tooBig = new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata()
                .withData(java.util.Map.of("k", "x".repeat(6000))).build();
        assertThat(check(small, key, fits)).isEmpty();
        assertThat(check(small, key, tooBig)).hasValueSatisfying(p -> assertThat(p)
                .contains("plugin 'p'", "v1/ConfigMap/c", "KiB of JSON, over the limit of 4.0 KiB per object"));
        assertThat(ObjectValidator.size(999)).isEqualTo("999 bytes");
        assertThat(ObjectValidator.size(1200 * 1024)).isEqualTo("1.2 MiB");
    }

    @Test
    void missingFieldsAndAnObjectOtherThanTheDeclaredOneAreRefused() {
        DependentKey key = DependentKey.of("v1", "ConfigMap", "c");
        HasMetadata noKind = new GenericKubernetesResourceBuilder().withApiVersion("v1").withNewMetadata().withName("c")
                .endMetadata().build();
        assertThat(check(strict, key, noKind)).hasValueSatisfying(p -> assertThat(p).contains("kind is missing"));
        assertThat(check(strict, key, configMap(null, "apps")))
                .hasValueSatisfying(p -> assertThat(p).contains("metadata.name is missing"));
        assertThat(check(strict, key, configMap("other", "apps")))
                .hasValueSatisfying(p -> assertThat(p).contains("v1/ConfigMap/other").contains("not the declared"));
        assertThat(check(strict, key, null)).hasValueSatisfying(p -> assertThat(p).contains("no object"));
    }
}
