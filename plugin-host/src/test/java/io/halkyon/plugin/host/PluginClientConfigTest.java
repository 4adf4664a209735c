package io.halkyon.plugin.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.halkyon.plugin.api.PluginProtocol;
import io.halkyon.plugin.host.internal.Launcher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PluginClientConfigTest {

    @Test
    void defaults() {
        PluginClientConfig c = PluginClientConfig.builder().command(List.of("/bin/plugin")).build();
        assertThat(c.name()).isEqualTo("plugin");
        assertThat(c.cookieKey()).isEqualTo("HALKYON_CAPABILITY_PLUGIN");
        assertThat(c.cookieValue()).isEqualTo("io.halkyon.capability.plugin");
        assertThat(c.protocolVersions()).containsExactly(1);
        assertThat(c.minPort()).isEqualTo(10000);
        assertThat(c.maxPort()).isEqualTo(25000);
        assertThat(c.network()).isEqualTo(PluginNetwork.UNIX);
        assertThat(c.startTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.callTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.shutdownGrace()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.terminateGrace()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.maxMessageSize()).isEqualTo(16 * 1024 * 1024);
        assertThat(c.environment()).isEmpty();
        assertThat(c.inheritedEnvironment()).containsExactly("PATH", "HOME", "USER", "LANG", "LANGUAGE", "LC_*",
                "TZ", "TMPDIR");
        assertThat(c.workingDirectory()).isEmpty();
    }

    @Test
    void aJarRunsWithTheRunningJvmsJavaAndIsNamedWithoutJar() {
        PluginClientConfig c = PluginClientConfig.builder().executable(Path.of("plugins/postgres.JAR")).build();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        assertThat(c.command()).containsExactly(java, "-jar", Path.of("plugins/postgres.JAR").toAbsolutePath().toString());
        assertThat(c.name()).isEqualTo("postgres");
    }

    @Test
    void aJavaCommandLineIsNamedAfterItsJar() {
        PluginClientConfig c = PluginClientConfig.builder()
                .command(List.of("/usr/bin/java", "-Xmx64m", "-jar", "/opt/kv-plugin.jar")).build();
        assertThat(c.name()).isEqualTo("kv-plugin");
    }

    @Test
    void anyOtherFileIsExecutedDirectlyAndAnExplicitNameWins() {
        PluginClientConfig c = PluginClientConfig.builder().executable(Path.of("/opt/p/mysql-plugin")).name("db").build();
        assertThat(c.command()).containsExactly("/opt/p/mysql-plugin");
        assertThat(c.name()).isEqualTo("db");
    }

    @Test
    void toBuilderKeepsEveryValue() {
        PluginClientConfig c = PluginClientConfig.builder().command(List.of("x")).name("n").env("A", "1")
                .inheritEnvironment("AWS_*")
                .workingDirectory(Path.of("/tmp")).cookie("K", "V").protocolVersions(1, 2).portRange(2000, 3000)
                .network(PluginNetwork.TCP).startTimeout(Duration.ofSeconds(3)).callTimeout(Duration.ofSeconds(4))
                .shutdownGrace(Duration.ZERO).terminateGrace(Duration.ofMillis(500)).maxMessageSize(4096).build();
        PluginClientConfig copy = c.toBuilder().build();
        assertThat(copy).usingRecursiveComparison().isEqualTo(c);
    }

    @Test
    void aTemplateWithoutCommandIsValidAndNamesNothing() {
        PluginClientConfig template = PluginClientConfig.builder().startTimeout(Duration.ofSeconds(5)).build();
        assertThat(template.command()).isEmpty();
        assertThat(template.name()).isEmpty();
        assertThat(template.toBuilder().executable(Path.of("/p/a.jar")).build().name()).isEqualTo("a");
    }

    @Test
    void handshakeEnvironmentCarriesCookieVersionsPortsNetworkAndTheStdinWatchButNotOurPid() {
        PluginClientConfig c = PluginClientConfig.builder().command(List.of("x")).protocolVersions(1, 3)
                .portRange(2000, 3000).network(PluginNetwork.TCP).cookie("K", "V").build();
        assertThat(Launcher.handshakeEnvironment(c)).isEqualTo(Map.of(
                "K", "V",
                PluginProtocol.ENV_PROTOCOL_VERSIONS, "1,3",
                PluginProtocol.ENV_MIN_PORT, "2000",
                PluginProtocol.ENV_MAX_PORT, "3000",
                PluginProtocol.ENV_NETWORK, "tcp",
                PluginProtocol.ENV_STDIN_WATCH, "1"));
    }

    static List<Arguments> invalid() {
        return List.of(
                bad("name", b -> b.name(" ")),
                bad("command", b -> b.command(List.of(""))),
                bad("environment", b -> b.env("A=B", "x")),
                bad("inheritedEnvironment", b -> b.inheritEnvironment("A*B")),
                bad("inheritedEnvironment", b -> b.inheritEnvironment("*")),
                bad("inheritedEnvironment", b -> b.inheritEnvironment("")),
                bad("cookieKey", b -> b.cookie("", "v")),
                bad("cookieValue", b -> b.cookie("K", "")),
                bad("protocolVersions", b -> b.protocolVersions()),
                bad("protocolVersions", b -> b.protocolVersions(0)),
                bad("minPort", b -> b.portRange(0, 10)),
                bad("maxPort", b -> b.portRange(10, 70000)),
                bad("minPort", b -> b.portRange(3000, 2000)),
                bad("network", b -> b.network(null)),
                bad("startTimeout", b -> b.startTimeout(Duration.ZERO)),
                bad("callTimeout", b -> b.callTimeout(Duration.ofSeconds(-1))),
                bad("callTimeout", b -> b.callTimeout(null)),
                bad("shutdownGrace", b -> b.shutdownGrace(Duration.ofMillis(-1))),
                bad("terminateGrace", b -> b.terminateGrace(null)),
                bad("maxMessageSize", b -> b.maxMessageSize(10)));
    }

    private static Arguments bad(String field, UnaryOperator<PluginClientConfig.Builder> change) {
        return Arguments.of(field, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void validationNamesTheBadField(String field, UnaryOperator<PluginClientConfig.Builder> change) {
        PluginClientConfig.Builder b = change.apply(PluginClientConfig.builder().command(List.of("x")));
        assertThatThrownBy(b::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("PluginClientConfig." + field + " ");
    }
}
