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

/**
 * A plugin inherits only the variables listed for it (deny by default): no cluster credentials,
 * no tokens, no configuration of the host's, and not the host's pid; what the config sets passes.
 */
@ExtendWith(NoChildProcessesExtension.class)
class PluginEnvironmentTest {

    private static final Map<String, String> OPERATOR_ENV = Map.ofEntries(
            Map.entry("PATH", "/usr/bin:/bin"),
            Map.entry("HOME", "/home/operator"),
            Map.entry("LC_ALL", "C.UTF-8"),
            Map.entry("KUBECONFIG", "/home/operator/.kube/config"),
            Map.entry("KUBERNETES_SERVICE_HOST", "10.96.0.1"),
            Map.entry("KUBERNETES_SERVICE_PORT_HTTPS", "443"),
            Map.entry("KUBERNETES_PORT_443_TCP_ADDR", "10.96.0.1"),
            Map.entry("HALKYON_PLUGINS", "acme/pg@v1"),
            Map.entry("HALKYON_PLUGINS_RELEASE_URL", "https://user:token@example.com/{owner}/{repo}"),
            Map.entry("GITHUB_TOKEN", "ghp_secret"),
            Map.entry("AWS_SECRET_ACCESS_KEY", "s3cret"),
            Map.entry("DATABASE_PASSWORD", "hunter2"));

    @Test
    void byDefaultOnlyPathHomeLocaleTimeZoneAndTmpdirPass() {
        PluginClientConfig config = PluginClientConfig.builder().command(List.of("/bin/p")).build();

        Map<String, String> env = Launcher.environment(OPERATOR_ENV, config);

        assertThat(config.inheritedEnvironment()).isEqualTo(PluginClientConfig.DEFAULT_INHERITED_ENVIRONMENT);
        assertThat(env).containsEntry("PATH", "/usr/bin:/bin").containsEntry("HOME", "/home/operator")
                .containsEntry("LC_ALL", "C.UTF-8")
                .containsEntry(PluginProtocol.MAGIC_COOKIE_KEY, PluginProtocol.MAGIC_COOKIE_VALUE)
                .containsEntry(PluginProtocol.ENV_STDIN_WATCH, "1")
                .doesNotContainKeys("KUBECONFIG", "KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT_HTTPS",
                        "KUBERNETES_PORT_443_TCP_ADDR", "HALKYON_PLUGINS", "HALKYON_PLUGINS_RELEASE_URL",
                        "GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY", "DATABASE_PASSWORD", "HALKYON_PLUGIN_HOST_PID");
        assertThat(env.values()).noneMatch(v -> v.equals(String.valueOf(ProcessHandle.current().pid())));
    }

    @Test
    void explicitVariablesPassAndTheListIsConfigurable() {
        PluginClientConfig config = PluginClientConfig.builder().command(List.of("/bin/p"))
                .env("KUBECONFIG", "/plugin/own-config").inheritEnvironment("AWS_*").build();
        assertThat(Launcher.environment(OPERATOR_ENV, config)).containsEntry("KUBECONFIG", "/plugin/own-config")
                .containsEntry("AWS_SECRET_ACCESS_KEY", "s3cret")
                .doesNotContainKeys("KUBERNETES_SERVICE_HOST", "GITHUB_TOKEN");

        PluginClientConfig none = PluginClientConfig.builder().command(List.of("/bin/p"))
                .inheritedEnvironment(List.of()).build();
        assertThat(Launcher.environment(OPERATOR_ENV, none)).doesNotContainKeys(OPERATOR_ENV.keySet()
                .toArray(String[]::new));
    }

    /** Surefire starts this JVM with KUBECONFIG and friends set (see the pom). */
    @Test
    void aLaunchedPluginSeesNoneOfTheHostsVariablesButThoseListed() {
        assertThat(System.getenv("KUBECONFIG")).as("set for this test by surefire").isNotNull();
        assertThat(System.getenv("KUBERNETES_SERVICE_PORT_HTTPS")).isNotNull();
        assertThat(System.getenv("HALKYON_TEST_INHERITED")).isEqualTo("yes");
        PluginClientConfig config = Scenarios.config("env", "KUBECONFIG", "KUBERNETES_SERVICE_HOST",
                        "KUBERNETES_SERVICE_PORT_HTTPS", "HALKYON_TEST_INHERITED", "HALKYON_PLUGIN_HOST_PID")
                .env("KUBERNETES_SERVICE_HOST", "explicit.example").build();
        try (PluginClient client = PluginClient.start(config)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> client.recentStderr().stream()
                    .anyMatch(l -> l.contains("env KUBECONFIG=")));
            assertThat(client.recentStderr()).contains("[INFO] env KUBECONFIG=<unset>"
                    + " KUBERNETES_SERVICE_HOST=explicit.example KUBERNETES_SERVICE_PORT_HTTPS=<unset>"
                    + " HALKYON_TEST_INHERITED=<unset> HALKYON_PLUGIN_HOST_PID=<unset>");
        }
        PluginClientConfig listed = Scenarios.config("env", "HALKYON_TEST_INHERITED")
                .inheritEnvironment("HALKYON_TEST_*").build();
        try (PluginClient client = PluginClient.start(listed)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> client.recentStderr().stream()
                    .anyMatch(l -> l.contains("env HALKYON_TEST_INHERITED=")));
            assertThat(client.recentStderr()).contains("[INFO] env HALKYON_TEST_INHERITED=yes");
        }
    }
}
