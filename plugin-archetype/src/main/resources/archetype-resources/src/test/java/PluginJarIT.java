package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.TypeInfo;
import io.halkyon.plugin.host.PluginState;
import io.halkyon.plugin.test.PluginHarness;
import io.halkyon.plugin.test.RenderedCapability;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End to end: the packaged jar, launched by the Halkyon test harness as the operator launches it
 * (its JVM options, handshake, health check), answering over gRPC. It renders the same golden
 * files as the plugin served in the JVM ({@link CapabilityPluginResourceTest}); the harness fails
 * the test if the plugin process outlives its stop.
 */
class PluginJarIT {

    private static final Path JAR = Path.of("target/${artifactId}.jar");

    @RegisterExtension
    static final PluginHarness plugin = PluginHarness.executable(JAR);

    @Test
    void theJarStartsAndDescribesItself() {
        assertThat(JAR).as("the plugin jar, made by package").isRegularFile();
        assertThat(plugin.client().state()).isEqualTo(PluginState.RUNNING);
        assertThat(plugin.plugin().name()).isEqualTo("${artifactId}");
        assertThat(plugin.plugin().category()).isEqualTo(CapabilityInstance.CATEGORY);
        assertThat(plugin.plugin().types())
                .containsExactly(new TypeInfo(CapabilityInstance.TYPE, CapabilityInstance.VERSIONS));
    }

    @Test
    void theJarRendersTheGoldenFiles() {
        RenderedCapability rendered = plugin.render(CapabilityPluginResourceTest.goldenCapability());

        assertThat(rendered.keys()).containsExactly(
                DependentKey.of("v1", "ConfigMap", "orders-config"),
                DependentKey.of("apps/v1", "Deployment", "orders"));
        rendered.assertMatchesGolden(CapabilityPluginResourceTest.GOLDEN);
    }
}
