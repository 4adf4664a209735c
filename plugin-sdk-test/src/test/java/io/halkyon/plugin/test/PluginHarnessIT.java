package io.halkyon.plugin.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentCondition;
import io.halkyon.plugin.api.PluginHandshakeException;
import io.halkyon.plugin.host.PluginClient;
import io.halkyon.plugin.host.PluginState;
import io.halkyon.plugin.test.widget.WidgetJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The harness with real plugin processes: the widget plugin as a jar, launched as the host launches it. */
class PluginHarnessIT {

    /** Registered first, so its after-all check runs after the harness has stopped the plugin. */
    @RegisterExtension
    @Order(1)
    static final AfterAllCallback NOTHING_LEFT = context -> await().atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive));

    @RegisterExtension
    @Order(2)
    static final PluginHarness plugin = PluginHarness.executable(WidgetJar.write());

    private static Capability widget(String version) {
        return plugin.capability().name("shop-widget").namespace("shop").version(version).build();
    }

    @Test
    void aJarIsLaunchedAsTheHostLaunchesItAndAnswersOverGrpc() {
        assertThat(plugin.client().pid()).isPresent();
        assertThat(plugin.client().name()).isEqualTo("widget-plugin");
        assertThat(plugin.plugin().name()).isEqualTo("widget-plugin");

        RenderedCapability rendered = plugin.render(widget("1"));
        RenderedDependent deployment = rendered.dependent("Deployment", "shop-widget");
        deployment.assertField("spec.template.spec.containers[0].image", "widget:1");
        Deployment live = deployment.as(Deployment.class);
        plugin.render(widget("2")).dependent("Deployment", "shop-widget").assertUpdates(live)
                .assertField("spec.template.spec.containers[0].image", "widget:2");
        assertThat(deployment.assertCondition(live, DependentCondition.PENDING).getMessage()).isEqualTo("0/1 replicas ready");
    }

    @Test
    void closeKillsTheProcessAndWaitsUntilItIsGone() {
        PluginHarness own = PluginHarness.executable(WidgetJar.write()).start();
        PluginClient client = own.client();
        long pid = client.pid().orElseThrow();

        own.close();

        assertThat(client.state()).isEqualTo(PluginState.STOPPED);
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("pid %s", pid).isEmpty();
        assertThat(plugin.client().state()).as("the class's plugin is another process").isEqualTo(PluginState.RUNNING);
    }

    @Test
    void anExecutableThatIsNoPluginFailsToStartWithTheHostsMessage(@TempDir Path dir) throws IOException {
        Path script = dir.resolve("not-a-plugin");
        Files.writeString(script, "#!/bin/sh\necho hello\nexit 3\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));

        assertThatThrownBy(() -> PluginHarness.executable(script).start())
                .isInstanceOf(PluginHandshakeException.class)
                .hasMessageContaining("not-a-plugin");
    }
}
