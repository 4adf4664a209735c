package io.halkyon.examples.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentCondition;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.Parameter;
import io.halkyon.plugin.api.TypeInfo;
import io.halkyon.plugin.api.UpdateResult;
import io.halkyon.plugin.test.GoldenFiles;
import io.halkyon.plugin.test.PluginHarness;
import io.halkyon.plugin.test.RenderedCapability;
import io.halkyon.plugin.test.RenderedDependent;
import io.halkyon.plugin.test.TestCapability;
import java.nio.file.Path;import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The plugin served in the JVM by the test harness, as the operator's host sees it (every
 * object through the SDK and the wire), and, where the point is the resource's own contract (it
 * leaves the live object alone, it refuses an invalid owner), the resource called directly.
 */
class PostgresPluginResourceTest {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    @RegisterExtension
    static final PluginHarness plugin = PluginHarness.inJvm(new PostgresPluginResource());

    private final PostgresPluginResource resource = new PostgresPluginResource();

    static Capability capability(String version, Parameter... parameters) {
        TestCapability builder = TestCapability.builder().name("orders-db").namespace("shop")
                .category("database").type("postgres").version(version);
        for (Parameter parameter : parameters) {
            builder.parameter(parameter.getName(), parameter.getValue());
        }
        return builder.build();
    }

    /** The Capability of the golden files in src/test/golden/orders-db. */
    static Capability goldenCapability() {
        return capability("15", new Parameter("DB_USER", "shop"));
    }

    /** The golden files of {@link #goldenCapability()}; the password is generated on every build. */
    static GoldenFiles golden() {
        return GoldenFiles.in(Path.of("src/test/golden/orders-db"))
                .mask("Secret", "orders-db-config", "data.DB_PASSWORD");
    }

    private static RenderedCapability render(Capability owner) {
        return plugin.render(owner);
    }

    private static Secret secret(Capability owner) {
        return render(owner).dependent("Secret", "orders-db-config").as(Secret.class);
    }

    private static StatefulSet statefulSet(Capability owner) {
        return render(owner).dependent("StatefulSet", "orders-db").as(StatefulSet.class);
    }

    private static Service service(Capability owner) {
        return render(owner).dependent("Service", "orders-db").as(Service.class);
    }

    private static Container postgresContainer(StatefulSet statefulSet) {
        return statefulSet.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static Map<String, String> decoded(Secret secret) {
        return secret.getData().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> new String(Base64.getDecoder().decode(e.getValue()), StandardCharsets.UTF_8)));
    }

    @Test
    void describesDatabasePostgresWithItsVersions() {
        assertThat(plugin.plugin().name()).isEqualTo("postgres-capability");
        assertThat(plugin.plugin().category()).isEqualTo("database");
        assertThat(plugin.plugin().types()).containsExactly(TypeInfo.of("postgres", "13", "14", "15", "16"));
    }

    @Test
    void rendersTheGoldenFiles() {
        golden().assertMatches(render(goldenCapability()));
    }

    @Test
    void dependentsAreSecretStatefulSetServiceInThatOrderWithTheirConfigs() {
        List<RenderedDependent> dependents = render(capability("15")).dependents();

        assertThat(dependents).extracting(RenderedDependent::key).containsExactly(
                new DependentKey("", "v1", "Secret", "orders-db-config"),
                new DependentKey("apps", "v1", "StatefulSet", "orders-db"),
                new DependentKey("", "v1", "Service", "orders-db"));
        assertThat(dependents.get(0).config().updated()).isFalse();
        assertThat(dependents.get(0).config().checkedForReadiness()).isFalse();
        assertThat(dependents.get(1).config().updated()).isTrue();
        assertThat(dependents.get(1).config().checkedForReadiness()).isTrue();
        assertThat(dependents.get(2).config().updated()).isFalse();
        assertThat(dependents.get(2).config().checkedForReadiness()).isFalse();
        assertThat(dependents).allSatisfy(d -> {
            assertThat(d.config().created()).isTrue();
            assertThat(d.config().owned()).isTrue();
            d.assertField("metadata.namespace", "shop");
            assertThat(d.object().getMetadata().getLabels())
                    .containsEntry("app", "orders-db")
                    .containsEntry("app.kubernetes.io/name", "postgres")
                    .containsEntry("app.kubernetes.io/instance", "orders-db")
                    .containsEntry("app.kubernetes.io/version", "15")
                    .containsEntry("app.kubernetes.io/managed-by", "halkyon");
        });
    }

    @Test
    void secretHoldsDefaultsAndAGeneratedPasswordAsData() {
        Secret secret = secret(capability("16"));

        assertThat(secret.getType()).isEqualTo("Opaque");
        assertThat(secret.getStringData()).isNullOrEmpty();
        Map<String, String> values = decoded(secret);
        assertThat(values).containsOnlyKeys("DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_PASSWORD")
                .containsEntry("DB_HOST", "orders-db")
                .containsEntry("DB_PORT", "5432")
                .containsEntry("DB_NAME", "orders-db")
                .containsEntry("DB_USER", "admin");
        assertThat(values.get("DB_PASSWORD")).hasSizeGreaterThanOrEqualTo(24).matches("[A-Za-z0-9_-]+");
        assertThat(decoded(secret(capability("16"))).get("DB_PASSWORD"))
                .as("each build generates a new password").isNotEqualTo(values.get("DB_PASSWORD"));
        assertThat(JSON.asJson(secret)).contains("\"data\"").doesNotContain("stringData");
    }

    @Test
    void parametersOverrideTheSecretValues() {
        Secret secret = secret(capability("16",
                new Parameter("DB_HOST", "db.example.org"), new Parameter("DB_PORT", "6543"),
                new Parameter("DB_NAME", "orders"), new Parameter("DB_USER", "shop"),
                new Parameter("DB_PASSWORD", "s3cret")));

        assertThat(decoded(secret)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "DB_HOST", "db.example.org", "DB_PORT", "6543", "DB_NAME", "orders",
                "DB_USER", "shop", "DB_PASSWORD", "s3cret"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"13", "14", "15", "16"})
    void statefulSetRunsTheImageOfTheRequestedVersion(String version) {
        assertThat(postgresContainer(statefulSet(capability(version))).getImage()).isEqualTo("postgres:" + version);
    }

    @Test
    void anEmptyVersionMeansTheNewest() {
        assertThat(postgresContainer(statefulSet(capability(""))).getImage()).isEqualTo("postgres:16");
        assertThat(postgresContainer(statefulSet(capability(null))).getImage()).isEqualTo("postgres:16");
    }

    @Test
    void statefulSetHasOneReplicaSelectedByAppAndServedByTheService() {
        StatefulSet statefulSet = statefulSet(capability("16"));

        assertThat(statefulSet.getSpec().getReplicas()).isEqualTo(1);
        assertThat(statefulSet.getSpec().getServiceName()).isEqualTo("orders-db");
        assertThat(statefulSet.getSpec().getSelector().getMatchLabels()).containsExactly(Map.entry("app", "orders-db"));
        assertThat(statefulSet.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("app", "orders-db");
        Container container = postgresContainer(statefulSet);
        assertThat(container.getPorts()).singleElement().satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(5432));
        assertThat(statefulSet.getSpec().getVolumeClaimTemplates()).singleElement().satisfies(pvc ->
                assertThat(pvc.getSpec().getResources().getRequests()).containsEntry("storage", new Quantity("1Gi")));
        assertThat(container.getVolumeMounts()).singleElement()
                .satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/var/lib/postgresql/data"));
    }

    @Test
    void statefulSetTakesItsEnvironmentFromTheSecret() {
        Container container = postgresContainer(statefulSet(capability("16")));

        Map<String, EnvVar> env = container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
        assertThat(env).containsKeys("POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD");
        for (var ref : Map.of("POSTGRES_DB", "DB_NAME", "POSTGRES_USER", "DB_USER", "POSTGRES_PASSWORD", "DB_PASSWORD").entrySet()) {
            var selector = env.get(ref.getKey()).getValueFrom().getSecretKeyRef();
            assertThat(selector.getName()).isEqualTo("orders-db-config");
            assertThat(selector.getKey()).isEqualTo(ref.getValue());
        }
        assertThat(container.getEnvFrom()).singleElement()
                .satisfies(e -> assertThat(e.getSecretRef().getName()).isEqualTo("orders-db-config"));
    }

    @Test
    void readinessProbeRunsPgIsReadyForTheConfiguredUserAndDatabase() {
        Probe probe = postgresContainer(statefulSet(capability("16"))).getReadinessProbe();

        assertThat(probe.getExec().getCommand()).hasSize(3).startsWith("sh", "-c");
        assertThat(probe.getExec().getCommand().get(2))
                .contains("pg_isready").contains("-U \"$POSTGRES_USER\"").contains("-d \"$POSTGRES_DB\"");
        assertThat(probe.getPeriodSeconds()).isPositive();
        assertThat(probe.getInitialDelaySeconds()).isPositive();
    }

    @Test
    void serviceIsClusterIpOnPostgresPortSelectingThePods() {
        Service service = service(capability("16"));

        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getSelector()).containsExactly(Map.entry("app", "orders-db"));
        ServicePort port = service.getSpec().getPorts().get(0);
        assertThat(port.getPort()).isEqualTo(5432);
        assertThat(port.getTargetPort().getIntVal()).isEqualTo(5432);
    }

    @Test
    void dbPortParameterMovesTheServicePortButNotTheContainerPort() {
        Capability owner = capability("16", new Parameter("DB_PORT", "6543"));

        ServicePort port = service(owner).getSpec().getPorts().get(0);
        assertThat(port.getPort()).isEqualTo(6543);
        assertThat(port.getTargetPort().getIntVal()).isEqualTo(5432);
        assertThat(postgresContainer(statefulSet(owner)).getPorts().get(0).getContainerPort()).isEqualTo(5432);
    }

    @Test
    void updateLeavesAMatchingStatefulSetAlone() {
        RenderedDependent dependent = render(capability("16")).dependent("StatefulSet", "orders-db");

        dependent.assertLeavesUnchanged(dependent.object());
    }

    @Test
    void updateCorrectsTheImageWhenTheVersionChangedAndKeepsTheRest() {
        StatefulSet live = statefulSet(capability("15"));
        live.getMetadata().setResourceVersion("42");
        live.getSpec().setReplicas(3);

        render(capability("16")).dependent("StatefulSet", "orders-db").assertUpdates(live)
                .assertField("spec.template.spec.containers[0].image", "postgres:16")
                .assertField("metadata.labels[\"app.kubernetes.io/version\"]", "16")
                .assertField("metadata.resourceVersion", "42")
                .assertField("spec.replicas", 3);
    }

    @Test
    void updateDoesNotModifyTheLiveObjectItIsGiven() {
        StatefulSet live = statefulSet(capability("15"));

        UpdateResult result = resource.dependentResourcesWith(capability("16")).get(1).update(live);

        assertThat(result.changed()).isTrue();
        assertThat(postgresContainer(live).getImage()).as("the live object is not modified").isEqualTo("postgres:15");
    }

    @Test
    void updateAcceptsAGenericLiveObject() {
        GenericKubernetesResource live = JSON.unmarshal(JSON.asJson(statefulSet(capability("14"))), GenericKubernetesResource.class);

        UpdateResult result = resource.dependentResourcesWith(capability("16")).get(1).update(live);

        assertThat(result.changed()).isTrue();
        assertThat(postgresContainer((StatefulSet) result.object()).getImage()).isEqualTo("postgres:16");
    }

    @Test
    void conditionIsPendingUntilEveryReplicaIsReady() {
        RenderedDependent dependent = render(capability("16")).dependent("StatefulSet", "orders-db");
        StatefulSet live = statefulSet(capability("16"));
        live.getSpec().setReplicas(2);

        DependentCondition noStatus = dependent.assertCondition(live, DependentCondition.PENDING);
        live.setStatus(new StatefulSetStatusBuilder().withReplicas(2).withReadyReplicas(1).build());
        DependentCondition oneReady = dependent.assertCondition(live, DependentCondition.PENDING);
        live.getStatus().setReadyReplicas(2);
        DependentCondition allReady = dependent.assertCondition(live, DependentCondition.READY);

        assertThat(noStatus.getMessage()).isEqualTo("0/2 replicas ready");
        assertThat(oneReady.getMessage()).isEqualTo("1/2 replicas ready");
        assertThat(allReady.getMessage()).isEqualTo("2/2 replicas ready");
    }

    @Test
    void aValidCapabilityHasNoProblems() {
        assertThat(plugin.checkValidity(capability("13", new Parameter("DB_PORT", "5433")))).isEmpty();
        assertThat(plugin.checkValidity(capability(""))).isEmpty();
    }

    @Test
    void aVersionNotOfferedIsReportedWithTheOfferedVersions() {
        assertThat(plugin.checkValidity(capability("12"))).singleElement().asString()
                .contains("'12'").contains("13, 14, 15, 16");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "70000", ""})
    void anInvalidDbPortIsReported(String port) {
        assertThat(plugin.checkValidity(capability("16", new Parameter("DB_PORT", port)))).singleElement().asString()
                .contains("DB_PORT").contains("'" + port + "'");
    }

    @Test
    void anInvalidStorageSizeIsReported() {
        assertThat(plugin.checkValidity(capability("16", new Parameter("DB_STORAGE_SIZE", "lots")))).singleElement()
                .asString().contains("DB_STORAGE_SIZE");
        assertThat(statefulSet(capability("16", new Parameter("DB_STORAGE_SIZE", "5Gi"))).getSpec()
                .getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests())
                .containsEntry("storage", new Quantity("5Gi"));
    }

    @Test
    void dependentsOfAnInvalidCapabilityAreRefusedWithTheProblem() {
        assertThatThrownBy(() -> resource.dependentResourcesWith(capability("9.6")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'9.6'");
    }
}
