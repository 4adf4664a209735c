package ${package};

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentCondition;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.TypeInfo;
import io.halkyon.plugin.test.PluginHarness;
import io.halkyon.plugin.test.RenderedCapability;
import io.halkyon.plugin.test.RenderedDependent;
import io.halkyon.plugin.test.RenderedObject;
import io.halkyon.plugin.test.TestCapability;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The plugin served in this JVM by the Halkyon test harness: every call goes through the SDK and
 * the wire as from the operator, and every object is checked against the operator's rules (key,
 * namespace). What it builds, updates and reports for given Capabilities.
 */
class CapabilityPluginResourceTest {

    /** What {@link #goldenCapability()} renders; rewrite with -Dhalkyon.golden.update=true and review the diff. */
    static final Path GOLDEN = Path.of("src/test/golden/orders");

    @RegisterExtension
    static final PluginHarness plugin = PluginHarness.inJvm(new CapabilityPluginResource());

    /** A Capability {@code shop/orders} of this plugin's type; parameters as name, value pairs. */
    static Capability capability(String version, String... parameters) {
        TestCapability capability = TestCapability.builder().name("orders").namespace("shop")
                .category(CapabilityInstance.CATEGORY).type(CapabilityInstance.TYPE).version(version);
        for (int i = 0; i + 1 < parameters.length; i += 2) {
            capability.parameter(parameters[i], parameters[i + 1]);
        }
        return capability.build();
    }

    /** The Capability of the golden files: no version (the newest), one parameter. */
    static Capability goldenCapability() {
        return capability("", "MODE", "fast");
    }

    private static RenderedDependent deployment(Capability owner) {
        return plugin.render(owner).dependent("Deployment", "orders");
    }

    private static RenderedDependent configMap(Capability owner) {
        return plugin.render(owner).dependent("ConfigMap", "orders-config");
    }

    @Test
    void describesItsCategoryAndTypes() {
        assertThat(plugin.plugin().name()).isEqualTo("${artifactId}");
        assertThat(plugin.plugin().category()).isEqualTo(CapabilityInstance.CATEGORY);
        assertThat(plugin.plugin().types())
                .containsExactly(new TypeInfo(CapabilityInstance.TYPE, CapabilityInstance.VERSIONS));
    }

    @Test
    void rendersTheGoldenFiles() {
        plugin.render(goldenCapability()).assertMatchesGolden(GOLDEN);
    }

    @Test
    void buildsTheConfigMapThenTheDeploymentInTheCapabilitysNamespace() {
        RenderedCapability rendered = plugin.render(capability("", "MODE", "fast"));

        assertThat(rendered.keys()).containsExactly(
                DependentKey.of("v1", "ConfigMap", "orders-config"),
                DependentKey.of("apps/v1", "Deployment", "orders"));
        RenderedDependent configMap = rendered.dependent("ConfigMap", "orders-config");
        assertThat(configMap.config().updated()).isTrue();
        assertThat(configMap.config().checkedForReadiness()).isFalse();
        configMap.assertField("metadata.namespace", "shop")
                .assertField("data", Map.of("MODE", "fast"));
        RenderedDependent deployment = rendered.dependent("Deployment", "orders");
        assertThat(deployment.config().updated()).isTrue();
        assertThat(deployment.config().checkedForReadiness()).isTrue();
        deployment.assertField("metadata.namespace", "shop")
                .assertField("spec.template.spec.containers[0].image",
                        CapabilityInstance.IMAGE + ":" + CapabilityInstance.NEWEST_VERSION)
                .assertField("spec.template.spec.containers[0].envFrom[0].configMapRef.name", "orders-config")
                .assertField("metadata.labels[\"app.kubernetes.io/version\"]", CapabilityInstance.NEWEST_VERSION);
    }

    @Test
    void buildsTheDeploymentOfTheRequestedVersion() {
        String oldest = CapabilityInstance.VERSIONS.get(0);

        deployment(capability(oldest)).assertField("spec.template.spec.containers[0].image",
                CapabilityInstance.IMAGE + ":" + oldest);
    }

    @Test
    void leavesTheDeploymentAloneWhenItRunsTheRequestedImage() {
        RenderedDependent deployment = deployment(capability(""));

        deployment.assertLeavesUnchanged(deployment.object());
    }

    @Test
    void setsTheRequestedImageOnALiveDeploymentKeepingWhatElseIsThere() {
        RenderedDependent deployment = deployment(capability(""));
        Deployment live = deployment.as(Deployment.class);
        live.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(CapabilityInstance.IMAGE + ":0.0-other");
        live.getMetadata().setAnnotations(Map.of("example.com/set-by", "an admin"));

        RenderedObject written = deployment.assertUpdates(live);

        written.assertField("spec.template.spec.containers[0].image",
                        CapabilityInstance.IMAGE + ":" + CapabilityInstance.NEWEST_VERSION)
                .assertField("metadata.annotations", Map.of("example.com/set-by", "an admin"));
    }

    @Test
    void updatesTheConfigMapWhenTheParametersChange() {
        ConfigMap before = configMap(capability("", "MODE", "fast")).as(ConfigMap.class);
        RenderedDependent after = configMap(capability("", "MODE", "safe"));

        RenderedObject written = after.assertUpdates(before);

        written.assertField("data", Map.of("MODE", "safe"));
        after.assertLeavesUnchanged(written.object());
    }

    @Test
    void theDeploymentIsReadyWhenItsReplicasAre() {
        RenderedDependent deployment = deployment(capability(""));
        Deployment live = deployment.as(Deployment.class);

        DependentCondition starting = deployment.assertCondition(live, DependentCondition.PENDING);
        live.setStatus(new DeploymentStatusBuilder().withReadyReplicas(1).build());
        DependentCondition running = deployment.assertCondition(live, DependentCondition.READY);

        assertThat(starting.getMessage()).isEqualTo("0/1 replicas ready");
        assertThat(running.getMessage()).isEqualTo("1/1 replicas ready");
    }

    @Test
    void refusesAVersionItDoesNotOfferSayingWhichItDoes() {
        List<String> problems = plugin.checkValidity(capability("0.0-none", "not a key", "x"));

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains("'0.0-none'").contains(String.join(", ", CapabilityInstance.VERSIONS));
        assertThat(problems.get(1)).contains("'not a key'");
        assertThat(plugin.checkValidity(capability(CapabilityInstance.NEWEST_VERSION))).isEmpty();
        assertThatThrownBy(() -> plugin.render(capability("0.0-none")))
                .as("the operator creates nothing for an invalid Capability")
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("'0.0-none'");
        assertThatThrownBy(() -> new CapabilityPluginResource().dependentResourcesWith(capability("0.0-none")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'0.0-none'");
    }
}
