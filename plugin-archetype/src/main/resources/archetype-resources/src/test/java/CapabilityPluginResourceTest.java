package ${package};

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilitySpec;
import io.halkyon.plugin.api.DependentCondition;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.Parameter;
import io.halkyon.plugin.api.UpdateResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plugin's logic in this JVM: what it builds, updates and reports for given Capabilities. */
class CapabilityPluginResourceTest {

    private final CapabilityPluginResource plugin = new CapabilityPluginResource();

    private static Capability capability(String version, Parameter... parameters) {
        return Capability.of("orders", "shop",
                new CapabilitySpec(CapabilityInstance.CATEGORY, CapabilityInstance.TYPE, version, List.of(parameters)));
    }

    /** What the operator stores and sends back: the object after a trip through JSON. */
    private static <T extends HasMetadata> T live(HasMetadata object, Class<T> type) {
        return CapabilityInstance.JSON.unmarshal(CapabilityInstance.JSON.asJson(object), type);
    }

    @Test
    void describesItsCategoryAndTypes() {
        assertThat(plugin.category()).isEqualTo(CapabilityInstance.CATEGORY);
        assertThat(plugin.types()).singleElement().satisfies(type -> {
            assertThat(type.type()).isEqualTo(CapabilityInstance.TYPE);
            assertThat(type.versions()).isEqualTo(CapabilityInstance.VERSIONS);
        });
    }

    @Test
    void buildsTheConfigMapThenTheDeploymentInTheCapabilitysNamespace() {
        List<DependentResource> dependents = plugin.dependentResourcesWith(capability("", new Parameter("MODE", "fast")));

        assertThat(dependents).extracting(DependentResource::key).containsExactly(
                DependentKey.of("v1", "ConfigMap", "orders-config"),
                DependentKey.of("apps/v1", "Deployment", "orders"));
        for (DependentResource dependent : dependents) {
            HasMetadata built = dependent.build();
            assertThat(DependentKey.of(built)).as("the operator requires build() to match key()").isEqualTo(dependent.key());
            assertThat(built.getMetadata().getNamespace()).isEqualTo("shop");
        }
        ConfigMap configMap = (ConfigMap) dependents.get(0).build();
        assertThat(configMap.getData()).containsExactlyEntriesOf(java.util.Map.of("MODE", "fast"));
        Deployment deployment = (Deployment) dependents.get(1).build();
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers()).singleElement().satisfies(c -> {
            assertThat(c.getImage()).as("no version asked: the newest")
                    .isEqualTo(CapabilityInstance.IMAGE + ":" + CapabilityInstance.NEWEST_VERSION);
            assertThat(c.getEnvFrom().get(0).getConfigMapRef().getName()).isEqualTo("orders-config");
        });
    }

    @Test
    void updatesTheDeploymentOnlyWhenItsImageIsNotTheRequestedVersions() {
        String oldest = CapabilityInstance.VERSIONS.get(0);
        DependentResource deployment = plugin.dependentResourcesWith(capability(CapabilityInstance.NEWEST_VERSION)).get(1);
        Deployment liveOldest = live(plugin.dependentResourcesWith(capability(oldest)).get(1).build(), Deployment.class);

        UpdateResult update = deployment.update(liveOldest);

        assertThat(deployment.update(live(deployment.build(), Deployment.class)).changed()).isFalse();
        if (!oldest.equals(CapabilityInstance.NEWEST_VERSION)) {
            assertThat(update.changed()).isTrue();
            assertThat(((Deployment) update.object()).getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                    .isEqualTo(CapabilityInstance.IMAGE + ":" + CapabilityInstance.NEWEST_VERSION);
        }
    }

    @Test
    void updatesTheConfigMapWhenTheParametersChange() {
        ConfigMap before = live(plugin.dependentResourcesWith(capability("", new Parameter("MODE", "fast"))).get(0).build(),
                ConfigMap.class);
        DependentResource after = plugin.dependentResourcesWith(capability("", new Parameter("MODE", "safe"))).get(0);

        UpdateResult update = after.update(before);

        assertThat(update.changed()).isTrue();
        assertThat(((ConfigMap) update.object()).getData()).containsEntry("MODE", "safe");
        assertThat(after.update((ConfigMap) update.object()).changed()).isFalse();
    }

    @Test
    void theDeploymentIsReadyWhenItsReplicasAre() {
        DependentResource dependent = plugin.dependentResourcesWith(capability("")).get(1);
        Deployment live = live(dependent.build(), Deployment.class);

        DependentCondition starting = dependent.condition(live);
        live.setStatus(new DeploymentStatusBuilder().withReadyReplicas(1).build());
        DependentCondition running = dependent.condition(live);

        assertThat(starting.getType()).isEqualTo(DependentCondition.PENDING);
        assertThat(starting.getMessage()).isEqualTo("0/1 replicas ready");
        assertThat(running.isReady()).isTrue();
    }

    @Test
    void refusesAVersionItDoesNotOfferSayingWhichItDoes() {
        List<String> problems = plugin.checkValidity(capability("0.0-none", new Parameter("not a key", "x")));

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains("'0.0-none'").contains(String.join(", ", CapabilityInstance.VERSIONS));
        assertThat(problems.get(1)).contains("'not a key'");
        assertThat(plugin.checkValidity(capability(CapabilityInstance.NEWEST_VERSION))).isEmpty();
        assertThatThrownBy(() -> plugin.dependentResourcesWith(capability("0.0-none")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'0.0-none'");
    }
}
