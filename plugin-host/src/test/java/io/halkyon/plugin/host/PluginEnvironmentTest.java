package io.halkyon.plugin.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.halkyon.plugin.api.PluginProtocol;
import io.halkyon.plugin.host.internal.Launcher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Plugins do not inherit the host's cluster credentials; what the config sets still passes. */
@ExtendWith(NoChildProcessesExtension.class)
class PluginEnvironmentTest {

    private static final Map<String, String> OPERATOR_ENV = Map.of(
            "PATH", "/usr/bin:/bin",
            "HOME", "/home/operator",
            "KUBECONFIG", "/home/operator/.kube/config",
            "KUBERNETES_SERVICE_HOST", "10.96.0.1",
            "KUBERNETES_SERVICE_PORT", "443",
            "KUBERNETES_SERVICE_PORT_HTTPS", "443",
            "KUBERNETES_PORT", "tcp://10.96.0.1:443",
            "KUBERNETES_PORT_443_TCP_ADDR", "10.96.0.1",
            "HALKYON_PLUGINS", "acme/pg@v1",
            "AWS_SECRET_ACCESS_KEY", "s3cret");

    @Test
    void theDefaultListHidesClusterCredentialsAndHalkyonPlugins() {
        PluginClientConfig config = PluginClientConfig.builder().command(List.of("/bin/p")).build();

        Map<String, String> env = Launcher.environment(OPERATOR_ENV, config);

        assertThat(config.hiddenEnvironment()).isEqualTo(PluginClientConfig.DEFAULT_HIDDEN_ENVIRONMENT);
        assertThat(env).containsEntry("PATH", "/usr/bin:/bin").containsEntry("HOME", "/home/operator")
                .containsEntry("AWS_SECRET_ACCESS_KEY", "s3cret")
                .containsEntry(PluginProtocol.MAGIC_COOKIE_KEY, PluginProtocol.MAGIC_COOKIE_VALUE)
                .doesNotContainKeys("KUBECONFIG", "KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT",
                        "KUBERNETES_SERVICE_PORT_HTTPS", "KUBERNETES_PORT", "KUBERNETES_PORT_443_TCP_ADDR",
                        "HALKYON_PLUGINS");
    }

    @Test
    void explicitVariablesPassAndTheListIsConfigurable() {
        PluginClientConfig config = PluginClientConfig.builder().command(List.of("/bin/p"))
                .env("KUBECONFIG", "/plugin/own-config").hideEnvironment("AWS_*").build();
        assertThat(Launcher.environment(OPERATOR_ENV, config)).containsEntry("KUBECONFIG", "/plugin/own-config")
                .doesNotContainKeys("AWS_SECRET_ACCESS_KEY", "KUBERNETES_SERVICE_HOST");

        PluginClientConfig open = PluginClientConfig.builder().command(List.of("/bin/p")).hiddenEnvironment(List.of())
                .build();
        assertThat(Launcher.environment(OPERATOR_ENV, open)).containsAllEntriesOf(OPERATOR_ENV);
    }

    /** Surefire starts this JVM with KUBECONFIG and friends set (see the pom). */
    @Test
    void aLaunchedPluginDoesNotSeeTheHostsKubeconfig() {
        assertThat(System.getenv("KUBECONFIG")).as("set for this test by surefire").isNotNull();
        assertThat(System.getenv("KUBERNETES_SERVICE_PORT_HTTPS")).isNotNull();
        assertThat(System.getenv("HALKYON_TEST_INHERITED")).isEqualTo("yes");
        PluginClientConfig config = Scenarios.config("env", "KUBECONFIG", "KUBERNETES_SERVICE_HOST",
                        "KUBERNETES_SERVICE_PORT_HTTPS", "HALKYON_TEST_INHERITED")
                .env("KUBERNETES_SERVICE_HOST", "explicit.example").build();
        try (PluginClient client = PluginClient.start(config)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> client.recentStderr().stream()
                    .anyMatch(l -> l.contains("env KUBECONFIG=")));
            assertThat(client.recentStderr()).contains("[INFO] env KUBECONFIG=<unset>"
                    + " KUBERNETES_SERVICE_HOST=explicit.example KUBERNETES_SERVICE_PORT_HTTPS=<unset>"
                    + " HALKYON_TEST_INHERITED=yes");
        }
    }
}
