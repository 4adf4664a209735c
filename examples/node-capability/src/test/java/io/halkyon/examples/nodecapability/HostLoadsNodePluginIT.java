package io.halkyon.examples.nodecapability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
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
import io.halkyon.plugin.host.CapabilityPlugins;
import io.halkyon.plugin.host.PluginClient;
import io.halkyon.plugin.host.PluginClientConfig;
import io.halkyon.plugin.host.PluginState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Our host loads the Node.js plugin as it loads any plugin file, and calls every method of the capability service. */
class HostLoadsNodePluginIT {

    private PluginClient client;

    @AfterEach
    void stopPlugin() {
        if (client != null) {
            client.kill();
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.current().descendants().allMatch(NodePlugin::hasExited));
    }

    private PluginClient start() {
        client = PluginClient.start(PluginClientConfig.builder()
                .executable(NodePlugin.executable())
                .startTimeout(Duration.ofSeconds(20))
                .build());
        return client;
    }

    private static Capability queue(String version, Parameter... parameters) {
        return Capability.of("orders", "shop", new CapabilitySpec("queue", "rabbitmq", version, List.of(parameters)));
    }

    @Test
    void getInfoDescribesTheQueueCategoryWithItsVersionsInOrder() {
        start();

        assertThat(client.state()).isEqualTo(PluginState.RUNNING);
        assertThat(client.protocolVersion()).isEqualTo(1);
        assertThat(client.network()).isEqualTo("unix");
        Plugin plugin = CapabilityPlugins.dispense(client);
        assertThat(plugin.name()).isEqualTo("rabbitmq");
        assertThat(plugin.category()).isEqualTo("queue");
        assertThat(plugin.types()).containsExactly(TypeInfo.of("rabbitmq", "3.12", "3.13", "4.0", "4.1"));
    }

    @Test
    void buildsEveryDependentOfItsKeyInTheCapabilitysNamespace() {
        start();
        Capability capability = queue("", new Parameter("replicas", "3"));

        assertThat(CapabilityPlugins.dispense(client).checkValidity(capability)).isEmpty();
        List<DependentResource> dependents = CapabilityPlugins.dispense(client).readyFor(capability);
        assertThat(dependents).extracting(DependentResource::key).containsExactly(
                new DependentKey("", "v1", "ConfigMap", "orders-config"),
                new DependentKey("", "v1", "Service", "orders"),
                new DependentKey("apps", "v1", "StatefulSet", "orders"));
        assertThat(dependents).extracting(d -> d.config().checkedForReadiness()).containsExactly(false, false, true);
        assertThat(dependents.get(2).config().typeName()).isEqualTo("rabbitmq-broker");

        for (DependentResource dependent : dependents) {
            HasMetadata built = dependent.build();
            assertThat(DependentKey.of(built)).as("the object built for %s", dependent.key()).isEqualTo(dependent.key());
            assertThat(built.getMetadata().getNamespace()).isEqualTo("shop");
        }
        assertThat(((ConfigMap) dependents.get(0).build()).getData())
                .containsEntry("rabbitmq.conf", "vm_memory_high_watermark.relative = 0.4\nloopback_users.guest = false\n");
        assertThat(((Service) dependents.get(1).build()).getSpec().getPorts())
                .extracting(p -> p.getName() + ":" + p.getPort()).containsExactly("amqp:5672", "management:15672");
        StatefulSet statefulSet = (StatefulSet) dependents.get(2).build();
        assertThat(statefulSet.getSpec().getReplicas()).isEqualTo(3);
        // An empty spec.version is the newest version offered.
        assertThat(statefulSet.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("rabbitmq:4.1-management");
    }

    @Test
    void updateCorrectsTheLiveObjectAndLeavesAMatchingOneAlone() {
        start();
        DependentResource broker = CapabilityPlugins.dispense(client).readyFor(queue("4.0")).get(2);
        StatefulSet desired = (StatefulSet) broker.build();

        assertThat(broker.update(desired).changed()).isFalse();

        StatefulSet older = new StatefulSetBuilder(desired).editSpec().editTemplate().editSpec().editFirstContainer()
                .withImage("rabbitmq:3.13-management").endContainer().endSpec().endTemplate()
                .withPodManagementPolicy("OrderedReady").endSpec().build();
        UpdateResult result = broker.update(older);
        assertThat(result.changed()).isTrue();
        StatefulSet corrected = (StatefulSet) result.object();
        assertThat(corrected.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("rabbitmq:4.0-management");
        assertThat(corrected.getSpec().getPodManagementPolicy()).as("what the plugin does not own is kept")
                .isEqualTo("OrderedReady");
    }

    @Test
    void getConditionReadsTheLiveStatefulSetsReadyReplicas() {
        start();
        DependentResource broker = CapabilityPlugins.dispense(client).readyFor(queue("4.1")).get(2);
        StatefulSet desired = (StatefulSet) broker.build();

        DependentCondition pending = broker.condition(desired);
        assertThat(pending.getType()).isEqualTo(DependentCondition.PENDING);
        assertThat(pending.getMessage()).isEqualTo("0/1 rabbitmq replicas ready");

        StatefulSet ready = new StatefulSetBuilder(desired).withNewStatus().withReadyReplicas(1).withReplicas(1)
                .endStatus().build();
        DependentCondition condition = broker.condition(ready);
        assertThat(condition.getType()).isEqualTo(DependentCondition.READY);
        assertThat(condition.getAttributes()).containsEntry("readyReplicas", "1").containsEntry("replicas", "1");
    }

    @Test
    void badCapabilitiesAreAnsweredWithMessagesNamingTheField() {
        start();

        assertThat(CapabilityPlugins.dispense(client).checkValidity(queue("2.8", new Parameter("replicas", "zero"))))
                .containsExactly("rabbitmq version '2.8' is not offered; offered versions: 3.12, 3.13, 4.0, 4.1"
                                + " (empty means 4.1)",
                        "parameter replicas must be a whole number from 1 to 7, got 'zero'");
        Capability nameless = Capability.of(null, "shop", new CapabilitySpec("queue", "rabbitmq", "", List.of()));
        assertThatThrownBy(() -> CapabilityPlugins.dispense(client).readyFor(nameless))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("plugin 'node-capability'")
                .hasMessageContaining("owner has no metadata.name");
    }

    @Test
    void shutdownStopsTheProcessAndItsSocketGoes() {
        start();
        ProcessHandle process = ProcessHandle.of(client.pid().orElseThrow()).orElseThrow();
        Path socket = Path.of(client.address());
        assertThat(socket).exists();

        client.kill(); // the Shutdown call first; SIGTERM and SIGKILL only if it did not stop

        await().atMost(Duration.ofSeconds(10)).until(() -> NodePlugin.hasExited(process));
        assertThat(socket.getParent()).doesNotExist();
        assertThat(client.recentStderr()).anyMatch(line -> line.contains("stopping: Shutdown RPC"));
    }
}
