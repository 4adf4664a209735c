package io.halkyon.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilitySpec;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.DependentResourceConfig;
import java.util.Optional;
import java.util.Set;
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
        HasMetadata priority = new PriorityClassBuilder().withNewMetadata().withName("r").endMetadata().build();
        DependentKey key = DependentKey.of(priority);
        assertThat(check(strict, key, priority)).hasValueSatisfying(p -> assertThat(p).contains("cluster-scoped"));
        assertThat(check(lenient, key, priority)).isEmpty();
        // A denied cluster-scoped kind: the scope rule refuses first; allowed cluster-scoped, the deny list.
        HasMetadata role = new ClusterRoleBuilder().withNewMetadata().withName("r").endMetadata().build();
        assertThat(check(strict, DependentKey.of(role), role))
                .hasValueSatisfying(p -> assertThat(p).contains("cluster-scoped"));
        assertThat(check(lenient, DependentKey.of(role), role))
                .hasValueSatisfying(p -> assertThat(p).contains("--allow-kind rbac.authorization.k8s.io/ClusterRole"));
        // A custom kind the built-in list knows is cluster-scoped, without discovery.
        HasMetadata info = new GenericKubernetesResourceBuilder().withApiVersion("halkyon.io/v1beta1")
                .withKind("CapabilityInfo").withNewMetadata().withName("x").endMetadata().build();
        assertThat(check(strict, DependentKey.of(info), info)).hasValueSatisfying(p -> assertThat(p).contains("cluster-scoped"));
    }

    @Test
    void anObjectOverTheSizeLimitIsRefusedWithItsSizeAndTheLimit() {
        ObjectValidator small = new ObjectValidator(new ScopeResolver(null),
                OperatorSettings.builder().maxObjectBytes(4096).build());
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
    void theSizeLimitCountsBytesOfUtf8NotCharacters() {
        ObjectValidator small = new ObjectValidator(new ScopeResolver(null),
                OperatorSettings.builder().maxObjectBytes(4096).build());
        DependentKey key = DependentKey.of("v1", "ConfigMap", "c");
        // 1,500 characters fit by count alone; as 2-byte characters they are 3,000 bytes: still fits.
        HasMetadata fits = new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata()
                .withData(java.util.Map.of("k", "\u00e9".repeat(1500))).build();
        // 2,500 characters of 2 bytes: 5,000 bytes, over 4 KiB though fewer characters than that.
        HasMetadata tooBig = new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata()
                .withData(java.util.Map.of("k", "\u00e9".repeat(2500))).build();
        assertThat(check(small, key, fits)).isEmpty();
        assertThat(check(small, key, tooBig)).hasValueSatisfying(p -> assertThat(p).contains("over the limit of 4.0 KiB"));
        for (String text : new String[] {"", "abc", "\u00e9t\u00e9", "\u20ac100", "\ud83d\ude00 smile", "lone \ud83d high",
                "lone \ude00 low", "end \ud83d"}) {
            assertThat(ObjectValidator.utf8Length(text)).as(text)
                    .isEqualTo(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void deniedKindsAreRefusedWhateverTheScopeUnlessAllowedByName() {
        HasMetadata capability = new GenericKubernetesResourceBuilder().withApiVersion("halkyon.io/v1beta1")
                .withKind("Capability").withNewMetadata().withName("child").endMetadata().build();
        assertThat(check(lenient, DependentKey.of(capability), capability)).hasValueSatisfying(p -> assertThat(p)
                .contains("plugin 'p'", "halkyon.io/v1beta1/Capability/child",
                        "a kind the operator does not write for plugins", "--allow-kind halkyon.io/Capability"));
        HasMetadata role = new RoleBuilder().withNewMetadata().withName("r").endMetadata().build();
        HasMetadata binding = new RoleBindingBuilder().withNewMetadata().withName("b").endMetadata().build();
        ObjectValidator rolesAllowed = new ObjectValidator(new ScopeResolver(null),
                OperatorSettings.builder().allowedKinds(Set.of("rbac.authorization.k8s.io/Role")).build());
        assertThat(check(strict, DependentKey.of(role), role)).isPresent();
        assertThat(check(rolesAllowed, DependentKey.of(role), role)).isEmpty();
        assertThat(check(rolesAllowed, DependentKey.of(binding), binding)).hasValueSatisfying(p -> assertThat(p)
                .contains("--allow-kind rbac.authorization.k8s.io/RoleBinding"));
    }

    @Test
    void aServiceAccountTokenSecretIsRefusedOtherSecretsAreNot() {
        HasMetadata token = new SecretBuilder().withNewMetadata().withName("s").endMetadata()
                .withType("kubernetes.io/service-account-token").build();
        HasMetadata opaque = new SecretBuilder().withNewMetadata().withName("s").endMetadata().withType("Opaque").build();
        assertThat(check(strict, DependentKey.of(token), token)).hasValueSatisfying(p -> assertThat(p)
                .contains("Secret of type kubernetes.io/service-account-token")
                .contains("--allow-kind core/Secret:kubernetes.io/service-account-token"));
        assertThat(check(strict, DependentKey.of(opaque), opaque)).isEmpty();
        ObjectValidator tokensAllowed = new ObjectValidator(new ScopeResolver(null), OperatorSettings.builder()
                .allowedKinds(Set.of("core/Secret:kubernetes.io/service-account-token")).build());
        assertThat(check(tokensAllowed, DependentKey.of(token), token)).isEmpty();
    }

    @Test
    void aDeniedKindIsRefusedAsADependentOnlyWhenTheOperatorWouldWriteIt() {
        DependentKey key = DependentKey.of("v1", "ServiceAccount", "sa");
        ScopeResolver.Scope scope = ScopeResolver.Scope.NAMESPACED;
        assertThat(strict.problemWithDependent("p", key, DependentResourceConfig.defaults(), scope))
                .hasValueSatisfying(p -> assertThat(p).contains("plugin 'p'", "ServiceAccount",
                        "--allow-kind core/ServiceAccount"));
        DependentResourceConfig updatedOnly = DependentResourceConfig.defaults().withCreated(false).withUpdated(true);
        assertThat(strict.problemWithDependent("p", key, updatedOnly, scope)).isPresent();
        DependentResourceConfig readOnly = DependentResourceConfig.defaults().withCreated(false);
        assertThat(strict.problemWithDependent("p", key, readOnly, scope)).isEmpty();
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
