package io.halkyon.plugin.sdk.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.halkyon.plugin.api.TypeInfo;
import io.halkyon.plugin.sdk.it.TestPlugin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemotePluginConfigTest {

    private static RemotePluginConfig.Builder minimal() {
        return RemotePluginConfig.builder().name("p").target("operator:8443").services(new TestService());
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        RemotePluginConfig config = minimal().build();

        assertThat(config.version()).isEmpty();
        assertThat(config.tls()).isTrue();
        assertThat(config.caFile()).isEmpty();
        assertThat(config.serverName()).isEmpty();
        assertThat(config.tokenFile()).contains(Path.of("/var/run/secrets/tokens/halkyon-operator"));
        assertThat(config.serviceNames()).containsExactly(TestService.SERVICE);
        assertThat(config.maxConcurrentCalls()).isEqualTo(16);
        assertThat(config.initialBackoff()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.maxBackoff()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.keepAliveTime()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.maxMessageSize()).isEqualTo(16 * 1024 * 1024);
        assertThat(config.drainTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.tokenCheckInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.acceptedAfter()).isEqualTo(Duration.ofSeconds(RemotePluginConfig.STABLE_SECONDS));
    }

    @Test
    void nameAndTargetAndAServiceAreRequired() {
        assertThatThrownBy(() -> RemotePluginConfig.builder().target("o:1").services(new TestService()).build())
                .hasMessageStartingWith("RemotePluginConfig.name is required");
        assertThatThrownBy(() -> RemotePluginConfig.builder().name("p").services(new TestService()).build())
                .hasMessageStartingWith("RemotePluginConfig.target is required");
        assertThatThrownBy(() -> RemotePluginConfig.builder().name("p").target("o:1").build())
                .hasMessageStartingWith("RemotePluginConfig.services: nothing to serve");
    }

    @Test
    void theNameFollowsTheRegistrationRule() {
        assertThatThrownBy(() -> RemotePluginConfig.builder().name("my plugin"))
                .hasMessage("RemotePluginConfig.name 'my plugin': expected 1 to 63 characters of A-Z a-z 0-9 . _ -"
                        + " (the name this plugin registers, docs/protocol.md 14.2)");
        assertThatThrownBy(() -> RemotePluginConfig.builder().name("n".repeat(64))).hasMessageContaining("1 to 63");
        assertThat(RemotePluginConfig.builder().name("Postgres_v1.2-a")).isNotNull();
        assertThatThrownBy(() -> RemotePluginConfig.builder().version("1.0\n")).hasMessageStartingWith(
                "RemotePluginConfig.version '1.0\\u000a': expected at most 64 printable ASCII characters");
    }

    @Test
    void theTargetIsHostPortOrAUnixSocket() {
        assertThat(RemotePluginConfig.builder().target("[::1]:8443")).isNotNull();
        assertThat(RemotePluginConfig.builder().target("unix:/run/halkyon/plugins.sock")).isNotNull();
        assertThatThrownBy(() -> RemotePluginConfig.builder().target("https://operator:8443"))
                .hasMessage("RemotePluginConfig.target must be host:port or unix:/path, not a URL, was 'https://operator:8443'");
        assertThatThrownBy(() -> RemotePluginConfig.builder().target("operator"))
                .hasMessageStartingWith("RemotePluginConfig.target must be host:port");
        assertThatThrownBy(() -> RemotePluginConfig.builder().target("operator:70000"))
                .hasMessageContaining("port within 1..65535");
        assertThatThrownBy(() -> RemotePluginConfig.builder().target("unix:relative.sock"))
                .hasMessageContaining("absolute path");
    }

    @Test
    void aServiceTwiceOrAnInvalidCapabilityIsRefusedNamingIt() {
        assertThatThrownBy(() -> minimal().services(new TestService()).build())
                .hasMessage("RemotePluginConfig.services: 'test.Remote' given twice; expected each service once");
        assertThatThrownBy(() -> minimal().capability(new TestPlugin() {
            @Override
            public List<TypeInfo> types() {
                return List.of();
            }
        })).hasMessageStartingWith("RemotePluginConfig.capability (").hasMessageContaining("types() is empty");
    }

    @Test
    void settingsOutOfRangeAreRefusedNamingTheField() {
        assertThatThrownBy(() -> minimal().maxConcurrentCalls(0)).hasMessage(
                "RemotePluginConfig.maxConcurrentCalls must be within 1..1024, was 0");
        assertThatThrownBy(() -> minimal().keepAliveTime(Duration.ofSeconds(5)))
                .hasMessageStartingWith("RemotePluginConfig.keepAliveTime must be within PT10S..PT1H");
        assertThatThrownBy(() -> minimal().reconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageStartingWith("RemotePluginConfig.maxBackoff must be within PT2S..PT1H");
        assertThatThrownBy(() -> minimal().maxMessageSize(100)).hasMessageStartingWith("RemotePluginConfig.maxMessageSize");
        assertThatThrownBy(() -> minimal().drainTimeout(Duration.ofSeconds(-1)))
                .hasMessage("RemotePluginConfig.drainTimeout must be within PT0S..PT1H, was PT-1S");
        assertThat(minimal().drainTimeout(Duration.ZERO).build().drainTimeout()).isZero();
        assertThatThrownBy(() -> minimal().tokenCheckInterval(Duration.ofMillis(1)))
                .hasMessageStartingWith("RemotePluginConfig.tokenCheckInterval must be within PT0.01S..PT1H");
        assertThatThrownBy(() -> minimal().staticToken("two words"))
                .hasMessageStartingWith("RemotePluginConfig.staticToken holds characters").hasMessageNotContaining("two");
        assertThatThrownBy(() -> minimal().serverName("a b")).hasMessageStartingWith("RemotePluginConfig.serverName");
    }

    @Test
    void toStringNeverShowsAStaticToken() {
        assertThat(minimal().staticToken("s3cr3t").build().toString()).contains("a static token")
                .doesNotContain("s3cr3t");
    }
}
