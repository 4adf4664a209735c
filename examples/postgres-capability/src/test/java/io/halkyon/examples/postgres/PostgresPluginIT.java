package io.halkyon.examples.postgres;

import io.halkyon.plugin.host.CapabilityPlugins;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilitySpec;
import io.halkyon.plugin.api.DependentCondition;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.Parameter;
import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.TypeInfo;
import io.halkyon.plugin.api.UpdateResult;
import io.halkyon.plugin.host.PluginClient;
import io.halkyon.plugin.host.PluginClientConfig;
import io.halkyon.plugin.host.PluginState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * End to end: the host launches the shaded jar as the operator does and calls it over gRPC.
 * Speed is measured by {@code benchmarks/run}, not here.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresPluginIT {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private static PluginClient client;
    private static Plugin plugin;

    @BeforeAll
    static void launch() {
        Path jar = Path.of(System.getProperty("postgres.plugin.jar", "target/postgres-capability.jar"));
        assertThat(jar).as("the shaded plugin jar, built by package").isRegularFile();
        PluginClientConfig config = PluginClientConfig.builder()
                .executable(jar)
                .startTimeout(Duration.ofSeconds(30)) // generous: 2 shared cores
                .callTimeout(Duration.ofSeconds(10))
                .build();
        client = PluginClient.start(config);
        plugin = CapabilityPlugins.dispense(client);
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.kill();
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive));
    }

    private static Capability capability(String version, Parameter... parameters) {
        return Capability.of("orders-db", "shop", new CapabilitySpec("database", "postgres", version, List.of(parameters)));
    }

    /** What the operator would store and read back: the object after a trip through JSON. */
    private static <T extends HasMetadata> T typed(HasMetadata object, Class<T> type) {
        HasMetadata read = JSON.unmarshal(JSON.asJson(object), HasMetadata.class);
        assertThat(read).isInstanceOf(type);
        return type.cast(read);
    }

    @Test
    @Order(1)
    void startsRunningAndDescribesItself() {
        assertThat(client.state()).isEqualTo(PluginState.RUNNING);
        assertThat(client.protocolVersion()).isEqualTo(1);
        assertThat(plugin.name()).isEqualTo("postgres-capability");
        assertThat(plugin.category()).isEqualTo("database");
        assertThat(plugin.types()).containsExactly(TypeInfo.of("postgres", "13", "14", "15", "16"));
    }

    @Test
    @Order(2)
    void readyForGivesTheThreeDependentsInOrderAndTheyBuild() {
        List<DependentResource> dependents = plugin.readyFor(capability("15", new Parameter("DB_USER", "shop")));

        assertThat(dependents).extracting(DependentResource::key).containsExactly(
                new DependentKey("", "v1", "Secret", "orders-db-config"),
                new DependentKey("apps", "v1", "StatefulSet", "orders-db"),
                new DependentKey("", "v1", "Service", "orders-db"));
        assertThat(dependents.get(1).config().updated()).isTrue();
        assertThat(dependents.get(1).config().checkedForReadiness()).isTrue();

        Secret secret = typed(dependents.get(0).build(), Secret.class);
        assertThat(secret.getMetadata().getNamespace()).isEqualTo("shop");
        assertThat(secret.getData()).containsKeys("DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_PASSWORD");
        assertThat(decode(secret.getData().get("DB_USER"))).isEqualTo("shop");
        assertThat(decode(secret.getData().get("DB_HOST"))).isEqualTo("orders-db");
        assertThat(decode(secret.getData().get("DB_PASSWORD"))).hasSizeGreaterThanOrEqualTo(24);

        StatefulSet statefulSet = typed(dependents.get(1).build(), StatefulSet.class);
        var container = statefulSet.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("postgres:15");
        assertThat(container.getReadinessProbe().getExec().getCommand()).anyMatch(c -> c.contains("pg_isready"));
        assertThat(container.getEnvFrom().get(0).getSecretRef().getName()).isEqualTo("orders-db-config");

        Service service = typed(dependents.get(2).build(), Service.class);
        assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(5432);
        assertThat(service.getSpec().getSelector()).containsEntry("app", "orders-db");
    }

    @Test
    @Order(3)
    void updateAndConditionAreAnsweredByThePlugin() {
        HasMetadata live15 = plugin.readyFor(capability("15")).get(1).build();
        DependentResource statefulSet16 = plugin.readyFor(capability("16")).get(1);

        UpdateResult update = statefulSet16.update(live15);
        DependentCondition condition = statefulSet16.condition(live15);

        assertThat(update.changed()).isTrue();
        assertThat(typed(update.object(), StatefulSet.class).getSpec().getTemplate().getSpec().getContainers().get(0)
                .getImage()).isEqualTo("postgres:16");
        assertThat(statefulSet16.update(statefulSet16.build()).changed()).isFalse();
        assertThat(condition.getType()).isEqualTo(DependentCondition.PENDING);
        assertThat(condition.getMessage()).isEqualTo("0/1 replicas ready");
    }

    @Test
    @Order(4)
    void validationAndErrorsComeBackWithThePluginsMessage() {
        assertThat(plugin.checkValidity(capability("12"))).singleElement().asString().contains("13, 14, 15, 16");
        assertThat(plugin.checkValidity(capability("16"))).isEmpty();
        assertThatThrownBy(() -> plugin.readyFor(capability("9.6")))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("'9.6'");
        assertThat(client.state()).as("an error in a call does not take the plugin down").isEqualTo(PluginState.RUNNING);
    }

    @Test
    @Order(6)
    void killStopsThePluginAndLeavesNoProcess() {
        long pid = client.pid().getAsLong();

        client.kill();

        assertThat(client.state()).isEqualTo(PluginState.STOPPED);
        assertThat(client.onExit()).succeedsWithin(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty()
                        && ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive));
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
