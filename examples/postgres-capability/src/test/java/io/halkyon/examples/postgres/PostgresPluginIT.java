package io.halkyon.examples.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.halkyon.plugin.api.DependentCondition;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.Parameter;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.TypeInfo;
import io.halkyon.plugin.host.PluginClient;
import io.halkyon.plugin.host.PluginState;
import io.halkyon.plugin.test.PluginHarness;
import io.halkyon.plugin.test.RenderedCapability;
import io.halkyon.plugin.test.RenderedDependent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End to end: the shaded jar, launched by the test harness as the operator's host launches it,
 * answering over gRPC; it renders the same golden files as the plugin served in the JVM
 * ({@link PostgresPluginResourceTest}). Speed is measured by {@code benchmarks/run}, not here.
 */
class PostgresPluginIT {

    private static final Path JAR = Path.of(System.getProperty("postgres.plugin.jar", "target/postgres-capability.jar"));

    /** Registered first, so its check runs after the harness has stopped the plugin: no process is left. */
    @RegisterExtension
    @Order(1)
    static final AfterAllCallback NOTHING_LEFT = context -> await().atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive));

    @RegisterExtension
    @Order(2)
    static final PluginHarness plugin = PluginHarness.executable(JAR);

    @Test
    void startsRunningAndDescribesItself() {
        assertThat(JAR).as("the shaded plugin jar, built by package").isRegularFile();
        assertThat(plugin.client().state()).isEqualTo(PluginState.RUNNING);
        assertThat(plugin.client().protocolVersion()).isEqualTo(1);
        assertThat(plugin.plugin().name()).isEqualTo("postgres-capability");
        assertThat(plugin.plugin().category()).isEqualTo("database");
        assertThat(plugin.plugin().types()).containsExactly(TypeInfo.of("postgres", "13", "14", "15", "16"));
    }

    @Test
    void rendersTheGoldenFiles() {
        PostgresPluginResourceTest.golden().assertMatches(plugin.render(PostgresPluginResourceTest.goldenCapability()));
    }

    @Test
    void theThreeDependentsComeInOrderAndBuild() {
        RenderedCapability rendered = plugin.render(PostgresPluginResourceTest.capability("15",
                new Parameter("DB_USER", "shop")));

        assertThat(rendered.keys()).containsExactly(
                new DependentKey("", "v1", "Secret", "orders-db-config"),
                new DependentKey("apps", "v1", "StatefulSet", "orders-db"),
                new DependentKey("", "v1", "Service", "orders-db"));
        assertThat(rendered.dependents().get(1).config().updated()).isTrue();
        assertThat(rendered.dependents().get(1).config().checkedForReadiness()).isTrue();
        Secret secret = rendered.dependent("Secret", "orders-db-config").as(Secret.class);
        assertThat(decode(secret.getData().get("DB_USER"))).isEqualTo("shop");
        assertThat(decode(secret.getData().get("DB_PASSWORD"))).hasSizeGreaterThanOrEqualTo(24);
        rendered.dependent("StatefulSet", "orders-db")
                .assertField("spec.template.spec.containers[0].image", "postgres:15")
                .assertField("spec.template.spec.containers[0].envFrom[0].secretRef.name", "orders-db-config");
        rendered.dependent("Service", "orders-db")
                .assertField("spec.ports[0].port", 5432)
                .assertField("spec.selector.app", "orders-db");
    }

    @Test
    void updateAndConditionAreAnsweredByThePlugin() {
        StatefulSet live15 = plugin.render(PostgresPluginResourceTest.capability("15"))
                .dependent("StatefulSet", "orders-db").as(StatefulSet.class);
        RenderedDependent statefulSet16 = plugin.render(PostgresPluginResourceTest.capability("16"))
                .dependent("StatefulSet", "orders-db");

        statefulSet16.assertUpdates(live15).assertField("spec.template.spec.containers[0].image", "postgres:16");
        statefulSet16.assertLeavesUnchanged(statefulSet16.object());
        assertThat(statefulSet16.assertCondition(live15, DependentCondition.PENDING).getMessage())
                .isEqualTo("0/1 replicas ready");
    }

    @Test
    void validationAndErrorsComeBackWithThePluginsMessage() {
        assertThat(plugin.checkValidity(PostgresPluginResourceTest.capability("12"))).singleElement().asString()
                .contains("13, 14, 15, 16");
        assertThat(plugin.checkValidity(PostgresPluginResourceTest.capability("16"))).isEmpty();
        assertThatThrownBy(() -> plugin.plugin().readyFor(PostgresPluginResourceTest.capability("9.6")))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("'9.6'");
        assertThat(plugin.client().state()).as("an error in a call does not take the plugin down")
                .isEqualTo(PluginState.RUNNING);
    }

    @Test
    void stoppingLeavesNoProcess() {
        PluginHarness own = PluginHarness.executable(JAR).start();
        PluginClient client = own.client();
        long pid = client.pid().orElseThrow();

        own.close();

        assertThat(client.state()).isEqualTo(PluginState.STOPPED);
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("pid %s", pid).isEmpty();
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
