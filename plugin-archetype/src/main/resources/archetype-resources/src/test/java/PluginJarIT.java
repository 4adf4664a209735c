package ${package};

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilitySpec;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.host.CapabilityPlugins;
import io.halkyon.plugin.host.PluginClient;
import io.halkyon.plugin.host.PluginClientConfig;
import io.halkyon.plugin.host.PluginState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** End to end: the packaged jar, started the way the operator starts it, answers over gRPC. */
class PluginJarIT {

    private PluginClient client;

    @BeforeEach
    void start() {
        Path jar = Path.of(System.getProperty("plugin.jar", "target/${artifactId}.jar"));
        assertThat(jar).as("the plugin jar, made by package").isRegularFile();
        client = PluginClient.start(PluginClientConfig.builder()
                .executable(jar)
                .startTimeout(Duration.ofSeconds(60)) // generous for a busy build machine
                .build());
    }

    @AfterEach
    void stop() {
        long pid = client.pid().orElse(-1);
        client.kill();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty());
    }

    @Test
    void theJarDescribesItselfAndBuildsTheDependents() {
        Plugin plugin = CapabilityPlugins.dispense(client);
        Capability capability = Capability.of("orders", "shop",
                new CapabilitySpec(CapabilityInstance.CATEGORY, CapabilityInstance.TYPE, "", List.of()));

        List<DependentResource> dependents = plugin.readyFor(capability);

        assertThat(client.state()).isEqualTo(PluginState.RUNNING);
        assertThat(plugin.name()).isEqualTo("${artifactId}");
        assertThat(plugin.category()).isEqualTo(CapabilityInstance.CATEGORY);
        assertThat(dependents).extracting(DependentResource::key).containsExactly(
                DependentKey.of("v1", "ConfigMap", "orders-config"),
                DependentKey.of("apps/v1", "Deployment", "orders"));
        assertThat(dependents.get(1).build().getMetadata().getNamespace()).isEqualTo("shop");
    }
}
