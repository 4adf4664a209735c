package io.halkyon.plugin.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.halkyon.plugin.api.PluginProtocol;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServeConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        ServeConfig config = ServeConfig.defaults();

        assertThat(config.cookieKey()).isEqualTo(PluginProtocol.MAGIC_COOKIE_KEY);
        assertThat(config.cookieValue()).isEqualTo(PluginProtocol.MAGIC_COOKIE_VALUE);
        assertThat(config.appVersions()).containsExactly(1);
        assertThat(config.network()).isEqualTo(PluginNetwork.UNIX);
        assertThat(config.parentCheckInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void builderSortsVersionsAndToBuilderKeepsEverything() {
        ServeConfig config = ServeConfig.builder().cookie("K", "V").appVersions(3, 1, 3)
                .network(PluginNetwork.TCP).parentCheckInterval(Duration.ofMillis(100))
                .shutdownGrace(Duration.ZERO).build();

        assertThat(config.appVersions()).containsExactly(1, 3);
        ServeConfig copy = config.toBuilder().build();
        assertThat(copy.toString()).isEqualTo(config.toString());
        assertThat(copy.cookieValue()).isEqualTo("V");
    }

    @Test
    void badValuesAreRejectedNamingTheSetting() {
        assertThatThrownBy(() -> ServeConfig.builder().appVersions()).hasMessageContaining("appVersions");
        assertThatThrownBy(() -> ServeConfig.builder().appVersions(0)).hasMessageContaining("appVersions");
        assertThatThrownBy(() -> ServeConfig.builder().cookie(" ", "v")).hasMessageContaining("cookie key");
        assertThatThrownBy(() -> ServeConfig.builder().parentCheckInterval(Duration.ofSeconds(5)))
                .hasMessageContaining("parentCheckInterval");
        assertThatThrownBy(() -> ServeConfig.builder().shutdownGrace(Duration.ofMillis(-1)))
                .hasMessageContaining("shutdownGrace");
    }
}
