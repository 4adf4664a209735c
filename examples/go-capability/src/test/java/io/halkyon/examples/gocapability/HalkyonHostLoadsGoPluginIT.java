package io.halkyon.examples.gocapability;

import io.halkyon.plugin.host.CapabilityPlugins;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilitySpec;
import io.halkyon.plugin.api.DependentCondition;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.Parameter;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.TypeInfo;
import io.halkyon.plugin.host.PluginClient;
import io.halkyon.plugin.host.PluginClientConfig;
import io.halkyon.plugin.host.PluginState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Our host loads a plugin written in Go with HashiCorp go-plugin 1.0.1. */
class HalkyonHostLoadsGoPluginIT {

    private PluginClient client;

    @AfterEach
    void stopPlugin() {
        if (client != null) {
            client.kill();
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive));
    }

    private static PluginClient startGoPlugin() throws Exception {
        return PluginClient.start(PluginClientConfig.builder()
                .executable(GoToolchain.binaries().resolve("go-capability"))
                .startTimeout(Duration.ofSeconds(20))
                .build());
    }

    @Test
    void loadsAndCallsTheGoPlugin() throws Exception {
        client = startGoPlugin();

        assertThat(client.state()).isEqualTo(PluginState.RUNNING);
        assertThat(client.protocolVersion()).isEqualTo(1);
        assertThat(client.network()).isEqualTo("unix");
        assertThat(CapabilityPlugins.dispense(client).name()).isEqualTo("redis");
        assertThat(CapabilityPlugins.dispense(client).category()).isEqualTo("cache");
        assertThat(CapabilityPlugins.dispense(client).types()).containsExactly(TypeInfo.of("redis", "6", "7"));

        Capability cache = Capability.of("sessions", "demo",
                new CapabilitySpec("cache", "redis", "6", List.of(new Parameter("maxmemory", "128mb"))));
        assertThat(CapabilityPlugins.dispense(client).checkValidity(cache)).isEmpty();

        List<DependentResource> dependents = CapabilityPlugins.dispense(client).readyFor(cache);
        assertThat(dependents).extracting(d -> d.key().kind() + "/" + d.key().name())
                .containsExactly("ConfigMap/sessions-config", "Deployment/sessions");
        assertThat(dependents.get(1).config().checkedForReadiness()).isTrue();

        HasMetadata config = dependents.get(0).build();
        assertThat(config).isInstanceOf(ConfigMap.class);
        assertThat(((ConfigMap) config).getData()).containsEntry("redis.conf", "maxmemory 128mb\n");
        assertThat(config.getMetadata().getNamespace()).isEqualTo("demo");

        HasMetadata deployment = dependents.get(1).build();
        assertThat(deployment).isInstanceOf(Deployment.class);
        assertThat(((Deployment) deployment).getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("redis:6");

        Deployment available = new DeploymentBuilder((Deployment) deployment)
                .withNewStatus().withAvailableReplicas(1).endStatus().build();
        DependentCondition ready = dependents.get(1).condition(available);
        assertThat(ready.getType()).isEqualTo(DependentCondition.READY);
        DependentCondition pending = dependents.get(1).condition(deployment);
        assertThat(pending.getType()).isEqualTo(DependentCondition.PENDING);
        assertThat(pending.getMessage()).isEqualTo("0 replicas available");
    }

    @Test
    void goPluginErrorsSurfaceAsPluginExceptionsWithTheirMessage() throws Exception {
        client = startGoPlugin();

        assertThat(CapabilityPlugins.dispense(client).checkValidity(
                Capability.of("old", "demo", new CapabilitySpec("cache", "redis", "5", List.of()))))
                .singleElement().asString().contains("\"5\" is not offered");

        Capability nameless = Capability.of(null, "demo", new CapabilitySpec("cache", "redis", "", List.of()));
        assertThatThrownBy(() -> CapabilityPlugins.dispense(client).readyFor(nameless))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("plugin 'go-capability'")
                .hasMessageContaining("owner has no metadata.name")
                .satisfies(e -> assertThat(((PluginException) e).pluginName()).isEqualTo("go-capability"));
    }
}
