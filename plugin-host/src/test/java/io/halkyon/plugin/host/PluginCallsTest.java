package io.halkyon.plugin.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilitySpec;
import io.halkyon.plugin.api.DependentCondition;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.DependentResourceConfig;
import io.halkyon.plugin.api.Parameter;
import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.PluginTimeoutException;
import io.halkyon.plugin.api.PluginUnavailableException;
import io.halkyon.plugin.api.TypeInfo;
import io.halkyon.plugin.api.UpdateResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Plugin proxy against a real plugin process built with the SDK. */
@ExtendWith(NoChildProcessesExtension.class)
class PluginCallsTest {

    static Capability capability(String name, Parameter... parameters) {
        return Capability.of(name, "ns1", new CapabilitySpec("test", "widget", "1", List.of(parameters)));
    }

    @Test
    void goodPluginFullPathOverUnixSocket() {
        try (PluginClient client = PluginClient.start(Scenarios.config("good").build())) {
            assertThat(client.state()).isEqualTo(PluginState.RUNNING);
            assertThat(client.network()).isEqualTo("unix");
            assertThat(client.protocolVersion()).isEqualTo(1);
            client.checkHealth(Duration.ofSeconds(5)); // SERVING: no exception
            Plugin plugin = CapabilityPlugins.dispense(client);
            assertThat(plugin.name()).isEqualTo("good");
            assertThat(plugin.version()).isEqualTo("0.0.7");
            assertThat(plugin.category()).isEqualTo("test");
            assertThat(plugin.types()).containsExactly(TypeInfo.of("widget", "1", "2"));

            assertThat(plugin.checkValidity(capability("db", new Parameter("size", "3")))).isEmpty();
            assertThat(plugin.checkValidity(capability("db", new Parameter("size", "big"))))
                    .containsExactly("size must be a number, was 'big'");

            List<DependentResource> dependents = plugin.readyFor(capability("db", new Parameter("size", "3")));
            assertThat(dependents).extracting(DependentResource::key).containsExactly(
                    new DependentKey("", "v1", "ConfigMap", "db-config"), new DependentKey("", "v1", "Secret", "db-secret"));
            assertThat(dependents.get(0).config()).isEqualTo(DependentResourceConfig.defaults().withUpdated(true)
                    .withCheckedForReadiness(true).withTypeName("settings"));
            assertThat(dependents.get(1).config()).isEqualTo(DependentResourceConfig.defaults());

            HasMetadata built = dependents.get(0).build();
            assertThat(built).isInstanceOf(ConfigMap.class);
            ConfigMap config = (ConfigMap) built;
            assertThat(config.getMetadata().getName()).isEqualTo("db-config");
            assertThat(config.getMetadata().getNamespace()).isEqualTo("ns1");
            assertThat(config.getData()).containsEntry("size", "3")
                    .as("setsid execs in place: the pid is the plugin's").containsEntry("pid", String.valueOf(client.pid().getAsLong()));
            assertThat(dependents.get(1).build()).isInstanceOfSatisfying(Secret.class,
                    s -> assertThat(s.getStringData()).containsEntry("password", "s3cret"));

            assertThat(dependents.get(0).update(config)).isEqualTo(UpdateResult.unchanged());
            ConfigMap stale = new ConfigMap();
            stale.setMetadata(config.getMetadata());
            stale.setData(Map.of("size", "1"));
            UpdateResult update = dependents.get(0).update(stale);
            assertThat(update.changed()).isTrue();
            assertThat(((ConfigMap) update.object()).getData()).containsEntry("size", "3");

            DependentCondition pending = dependents.get(0).condition(config);
            assertThat(pending.getType()).isEqualTo(DependentCondition.PENDING);
            assertThat(pending.getReason()).isEqualTo("Waiting");
            config.getMetadata().setAnnotations(Map.of("ready", "true"));
            assertThat(dependents.get(0).condition(config).isReady()).isTrue();
        }
    }

    @Test
    void goodPluginOverTcp() {
        try (PluginClient client = PluginClient.start(Scenarios.config("good").network(PluginNetwork.TCP)
                .portRange(20000, 20100).build())) {
            assertThat(client.network()).isEqualTo("tcp");
            assertThat(client.address()).startsWith("127.0.0.1:");
            int port = Integer.parseInt(client.address().substring("127.0.0.1:".length()));
            assertThat(port).isBetween(20000, 20100);
            assertThat(CapabilityPlugins.dispense(client).readyFor(capability("t")).get(0).build().getMetadata().getName())
                    .isEqualTo("t-config");
        }
    }

    @Test
    void aDependentWhoseTypeNameIsTooLongIsABadAnswerNamingTheField() {
        try (PluginClient client = PluginClient.start(Scenarios.config("good").build())) {
            Plugin plugin = CapabilityPlugins.dispense(client);
            assertThatThrownBy(() -> plugin.readyFor(capability("db", new Parameter("typeName", "t".repeat(64)))))
                    .isInstanceOf(PluginException.class)
                    .hasMessageContaining("plugin '" + client.name() + "'")
                    .hasMessageContaining("GetDependents of Capability ns1/db")
                    .hasMessageContaining("a config.type_name of 64 characters; expected at most 63");
            assertThat(plugin.readyFor(capability("db", new Parameter("typeName", "t".repeat(63))))).hasSize(2);
        }
    }

    @Test
    void anErrorInBuildIsAPluginExceptionCarryingThePluginsMessage() {
        try (PluginClient client = PluginClient.start(Scenarios.config("good").build())) {
            List<DependentResource> dependents = CapabilityPlugins.dispense(client)
                    .readyFor(capability("db", new Parameter("fail", "the answer is not 42")));
            assertThatThrownBy(() -> dependents.get(1).build())
                    .isExactlyInstanceOf(PluginException.class)
                    .hasMessageContaining("plugin '" + client.name() + "'")
                    .hasMessageContaining("Build of dependent v1/Secret/db-secret for Capability ns1/db failed")
                    .hasMessageContaining("the answer is not 42");
            assertThat(client.state()).as("a plugin error is not a crash").isEqualTo(PluginState.RUNNING);
            assertThat(dependents.get(0).build()).isNotNull();
        }
    }

    @Test
    void aCrashInTheMiddleOfACallIsUnavailableAndFailsThePlugin() {
        List<PluginStateChange> changes = new CopyOnWriteArrayList<>();
        try (PluginClient client = PluginClient.start(Scenarios.config("good").build(), changes::add)) {
            List<DependentResource> dependents = CapabilityPlugins.dispense(client).readyFor(capability("db", new Parameter("crash", "7")));
            assertThatThrownBy(() -> dependents.get(1).build())
                    .isInstanceOf(PluginUnavailableException.class)
                    .hasMessageContaining("plugin '" + client.name() + "' is unavailable: Build of dependent v1/Secret/db-secret");
            await().atMost(Duration.ofSeconds(5)).until(() -> client.state() == PluginState.FAILED);
            assertThat(client.onExit()).succeedsWithin(Duration.ofSeconds(1)).isEqualTo(7);
            assertThat(client.failure()).get().asString()
                    .contains("exited unexpectedly with status 7")
                    .contains("[ERROR] crashing in Build with status 7");
            assertThat(changes).extracting(c -> c.from() + "->" + c.to())
                    .containsExactly("STARTING->RUNNING", "RUNNING->FAILED");
            assertThat(changes.get(1).cause()).isSameAs(client.failure().get());
            assertThatThrownBy(() -> dependents.get(0).build())
                    .isInstanceOf(PluginUnavailableException.class)
                    .hasMessageContaining("is not running (FAILED)");
        }
    }

    @Test
    void aCallThatOutlivesItsDeadlineIsAPluginTimeout() {
        try (PluginClient client = PluginClient.start(Scenarios.config("good").callTimeout(Duration.ofMillis(1)).build())) {
            assertThatThrownBy(() -> CapabilityPlugins.dispense(client).readyFor(capability("db")))
                    .isInstanceOfSatisfying(PluginTimeoutException.class,
                            e -> assertThat(e.timeout()).isEqualTo(Duration.ofMillis(1)))
                    .hasMessageContaining("GetInfo did not answer within 1ms");
        }
    }
}
