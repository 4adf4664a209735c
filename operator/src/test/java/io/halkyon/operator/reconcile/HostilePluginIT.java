package io.halkyon.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.halkyon.operator.support.NoChildProcesses;
import io.halkyon.operator.support.OperatorFixture;
import io.halkyon.operator.support.TestPlugins;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilityStatus;
import io.halkyon.plugin.api.DependentCondition;
import io.halkyon.plugin.api.Parameter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A plugin attacking what the operator reads and writes for it (the {@code hostile} test plugin,
 * plugin {@code test-hostile}): reading another Capability's Secret, writing privileged kinds,
 * setting ownership and finalizers, declaring 20,000 dependents. One operator and plugin for the
 * class, with cluster-scoped kinds allowed (so that the deny list, not the scope rule, is what
 * refuses) and Roles allowed by name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(NoChildProcesses.class)
class HostilePluginIT {

    private static final String NS = "hostile";
    /** The victim's password, base64 as in the Secret's data. */
    private static final String PASSWORD =
            Base64.getEncoder().encodeToString("hunter2".getBytes(StandardCharsets.UTF_8));

    @TempDir
    static Path plugins;
    @TempDir
    static Path records;

    private OperatorFixture operator;

    @BeforeAll
    void start() throws Exception {
        TestPlugins.addTestPlugin(plugins, "hostile", records.toString());
        operator = OperatorFixture.start(plugins, OperatorFixture.settings().allowClusterScoped(true)
                .allowedKinds(Set.of("rbac.authorization.k8s.io/Role")).build());
    }

    @AfterAll
    void stop() {
        if (operator != null) {
            operator.close();
        }
    }

    /** The Secret of Capability {@code victim}, as the operator would have written it for that Capability. */
    private void createVictimSecret() {
        if (operator.client().secrets().inNamespace(NS).withName("victim-config").get() != null) {
            return;
        }
        operator.client().secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata()
                .withName("victim-config")
                .addToLabels(DependentObjects.CAPABILITY_LABEL, "victim")
                .addToLabels(DependentObjects.CAPABILITY_NAMESPACE_LABEL, NS)
                .addToAnnotations("note", "secret too")
                .endMetadata()
                .withData(Map.of("password", PASSWORD))
                .build()).create();
    }

    private JsonNode recorded(String capability) throws Exception {
        Path file = records.resolve(capability + ".json");
        await().atMost(OperatorFixture.WAIT).until(() -> Files.exists(file));
        return new ObjectMapper().readTree(Files.readString(file));
    }

    @Test
    void anotherCapabilitysSecretReachesThePluginAsAnIdentityStubOnly() throws Exception {
        createVictimSecret();
        operator.create(OperatorFixture.capability(NS, "reader", "test", "reads", null));

        Capability ready = operator.awaitReason(NS, "reader", CapabilityStatus.READY);

        assertThat(ready.getStatus().getDependents()).extracting(DependentCondition::getMessage)
                .containsExactly("Secret victim-config exists");
        JsonNode got = recorded("reader");
        assertThat(got.toString()).doesNotContain(PASSWORD).doesNotContain("secret too");
        assertThat(fieldNames(got)).containsExactlyInAnyOrder("apiVersion", "kind", "metadata");
        assertThat(fieldNames(got.get("metadata"))).containsExactlyInAnyOrder("name", "namespace");
        assertThat(got.get("kind").asText()).isEqualTo("Secret");
        assertThat(got.get("metadata").get("name").asText()).isEqualTo("victim-config");
        assertThat(got.get("metadata").get("namespace").asText()).isEqualTo(NS);
        assertThat(operator.createdFor(NS, "reader")).isEmpty();
    }

    @Test
    void aSecretNamedInTheCapabilitysSpecReachesThePluginWhole() throws Exception {
        createVictimSecret();
        operator.create(OperatorFixture.capability(NS, "named", "test", "reads", null, "secret=victim-config"));

        operator.awaitReason(NS, "named", CapabilityStatus.READY);

        JsonNode got = recorded("named");
        assertThat(got.get("data").get("password").asText()).isEqualTo(PASSWORD);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @ParameterizedTest(name = "{1} ({0})")
    @CsvSource(delimiter = '|', value = {
            "halkyon.io/v1beta1 | Capability |  | halkyon.io/Capability",
            "halkyon.io/v1beta1 | CapabilityInfo |  | halkyon.io/CapabilityInfo",
            "apiextensions.k8s.io/v1 | CustomResourceDefinition |  | apiextensions.k8s.io/CustomResourceDefinition",
            "rbac.authorization.k8s.io/v1 | RoleBinding |  | rbac.authorization.k8s.io/RoleBinding",
            "rbac.authorization.k8s.io/v1 | ClusterRoleBinding |  | rbac.authorization.k8s.io/ClusterRoleBinding",
            "admissionregistration.k8s.io/v1 | MutatingWebhookConfiguration |  | admissionregistration.k8s.io/MutatingWebhookConfiguration",
            "certificates.k8s.io/v1 | CertificateSigningRequest |  | certificates.k8s.io/CertificateSigningRequest",
            "authentication.k8s.io/v1 | TokenReview |  | authentication.k8s.io/TokenReview",
            "authorization.k8s.io/v1 | SubjectAccessReview |  | authorization.k8s.io/SubjectAccessReview",
            "apiregistration.k8s.io/v1 | APIService |  | apiregistration.k8s.io/APIService",
            "v1 | ServiceAccount |  | core/ServiceAccount",
            "v1 | Secret | kubernetes.io/service-account-token | core/Secret:kubernetes.io/service-account-token",
            "v1 | Endpoints |  | core/Endpoints",
            "discovery.k8s.io/v1 | EndpointSlice |  | discovery.k8s.io/EndpointSlice",
    })
    void aDeniedKindFailsTheCapabilityNamingThePluginAndTheKindAndNothingIsWritten(String apiVersion, String kind,
                                                                                 String secretType, String entry) {
        String name = "deny-" + kind.toLowerCase() + (secretType == null ? "" : "-token");
        Capability capability = OperatorFixture.capability(NS, name, "test", "denied", null, "apiVersion=" + apiVersion,
                "kind=" + kind);
        if (secretType != null) {
            capability.getSpec().getParameters().add(new Parameter("secretType", secretType));
        }
        operator.create(capability);

        Capability failed = operator.awaitReason(NS, name, CapabilityStatus.FAILED);

        DependentCondition condition = failed.getStatus().getDependents().get(0);
        assertThat(condition.getDependentName()).isEqualTo(name + "-x");
        assertThat(condition.getReason()).isEqualTo("Rejected");
        assertThat(condition.getMessage()).contains("plugin 'test-hostile'").contains(kind)
                .contains("a kind the operator does not write for plugins").contains("--allow-kind " + entry);
        assertThat(failed.getStatus().getMessage()).startsWith("nothing was applied for plugin 'test-hostile'");
        assertThat(operator.createdFor(NS, name)).as("objects created for the Capability").isEmpty();
        assertThat(operator.client().configMaps().inNamespace(NS).withName(name + "-first").get()).isNull();
        assertThat(operator.client().resources(Capability.class).inAnyNamespace().list().getItems())
                .extracting(c -> c.getMetadata().getName()).doesNotContain(name + "-x");
    }

    @Test
    void aDeniedKindTheAdminAllowsByNameIsWritten() {
        operator.create(OperatorFixture.capability(NS, "allowed", "test", "denied", null,
                "apiVersion=rbac.authorization.k8s.io/v1", "kind=Role"));

        operator.awaitReason(NS, "allowed", CapabilityStatus.READY);

        assertThat(operator.createdFor(NS, "allowed"))
                .containsExactly("v1/ConfigMap/allowed-first", "rbac.authorization.k8s.io/v1/Role/allowed-x");
        assertThat(operator.client().resources(Role.class).inNamespace(NS).withName("allowed-x").get()).isNotNull();
    }

    @Test
    void ownershipFinalizersAndOperatorMetadataFromThePluginAreDroppedOnCreateAndOnUpdate() {
        Capability capability = operator.create(OperatorFixture.capability(NS, "meta", "test", "metadata", null,
                "rev=1"));
        operator.awaitReason(NS, "meta", CapabilityStatus.READY);
        var configMaps = operator.client().configMaps().inNamespace(NS);
        ConfigMap created = configMaps.withName("meta-meta").get();
        assertOnlyTheOperatorsMetadata(created, capability);
        assertThat(created.getMetadata().getUid()).isNotEqualTo("injected-uid");

        // Another controller adds its finalizer; then the Capability changes and the plugin updates.
        configMaps.withName("meta-meta").edit(c -> {
            c.getMetadata().setFinalizers(List.of("example.com/keep"));
            return c;
        });
        operator.client().resources(Capability.class).inNamespace(NS).withName("meta").edit(c -> {
            c.getSpec().setParameters(List.of(new Parameter("rev", "2")));
            return c;
        });
        ConfigMap updated = await().atMost(OperatorFixture.WAIT)
                .until(() -> configMaps.withName("meta-meta").get(), c -> "2".equals(c.getData().get("rev")));

        assertThat(updated.getMetadata().getFinalizers()).as("the live finalizers, kept")
                .containsExactly("example.com/keep");
        assertThat(updated.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
        updated.getMetadata().setFinalizers(List.of());
        assertOnlyTheOperatorsMetadata(updated, capability);
    }

    private static void assertOnlyTheOperatorsMetadata(ConfigMap object, Capability capability) {
        var meta = object.getMetadata();
        assertThat(meta.getOwnerReferences()).extracting(OwnerReference::getUid)
                .containsExactly(capability.getMetadata().getUid());
        assertThat(meta.getFinalizers()).isEmpty();
        assertThat(meta.getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of("app", "kept",
                DependentObjects.CAPABILITY_LABEL, "meta", DependentObjects.CAPABILITY_NAMESPACE_LABEL, NS));
        assertThat(meta.getAnnotations()).containsExactlyInAnyOrderEntriesOf(Map.of("note", "kept"));
        assertThat(meta.getDeletionTimestamp()).isNull();
        assertThat(meta.getGeneration()).isNotEqualTo(42L);
        assertThat(meta.getManagedFields()).noneMatch(f -> "plugin".equals(f.getManager()));
    }

    @Test
    void twentyThousandDependentsGiveOneFailedStatusAndNoObject() {
        operator.create(OperatorFixture.capability(NS, "flood", "test", "many", null, "count=20000"));

        Capability failed = operator.awaitReason(NS, "flood", CapabilityStatus.FAILED);

        assertThat(failed.getStatus().getMessage()).contains("plugin 'test-hostile'").contains("20000 dependents")
                .contains("limit of 100 per Capability");
        assertThat(operator.statusHistory()).filteredOn(s -> s.startsWith(NS + "/flood ")).hasSize(1);
        assertThat(operator.createdFor(NS, "flood")).isEmpty();
        assertThat(operator.client().configMaps().inNamespace(NS)
                .withLabel(DependentObjects.CAPABILITY_LABEL, "flood").list().getItems()).isEmpty();
    }
}
