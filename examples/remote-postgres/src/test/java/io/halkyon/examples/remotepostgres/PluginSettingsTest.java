package io.halkyon.examples.remotepostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.halkyon.examples.postgres.PostgresPluginResource;
import io.halkyon.plugin.proto.capability.v1.CapabilityPluginGrpc;
import io.halkyon.plugin.sdk.remote.RemotePluginConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PluginSettingsTest {

    private static final PostgresPluginResource POSTGRES = new PostgresPluginResource();

    private static RemotePluginConfig config(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return PluginSettings.config(env, POSTGRES);
    }

    @Test
    void withOnlyTheAddressItRegistersAsPostgresWithTheSdksTokenFileAndServesTheCapabilityService() {
        RemotePluginConfig config = config(PluginSettings.ADDRESS, "halkyon-operator-plugins.halkyon.svc:9443");

        assertThat(config.name()).isEqualTo("postgres");
        assertThat(config.target()).isEqualTo("halkyon-operator-plugins.halkyon.svc:9443");
        assertThat(config.tokenFile()).contains(Path.of(RemotePluginConfig.DEFAULT_TOKEN_FILE));
        assertThat(config.serviceNames()).containsExactly(CapabilityPluginGrpc.SERVICE_NAME);
        assertThat(config.version()).isEqualTo(POSTGRES.version());
    }

    @Test
    void anAddressOffThisMachineWithoutCaFileIsTlsWithTheJvmsTrust() {
        RemotePluginConfig config = config(PluginSettings.ADDRESS, "10.0.0.7:9443");

        assertThat(config.tls()).isTrue();
        assertThat(config.caFile()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:9443", "127.1.2.3:1", "localhost:9443", "LOCALHOST:9443", "[::1]:9443",
            "unix:/run/halkyon/plugins.sock"})
    void aLoopbackAddressOrUnixSocketWithoutCaFileIsPlaintext(String address) {
        assertThat(config(PluginSettings.ADDRESS, address).tls()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"128.0.0.1:9443", "127.0.0.1.example.com:9443", "localhost.example.com:9443",
            "[::2]:9443", "my-localhost:9443"})
    void whatOnlyLooksLocalIsNot(String address) {
        assertThat(PluginSettings.isLocal(address)).isFalse();
        assertThat(config(PluginSettings.ADDRESS, address).tls()).isTrue();
    }

    @Test
    void aCaFileMeansTlsTrustingItEvenOnLoopback() {
        RemotePluginConfig config = config(PluginSettings.ADDRESS, "127.0.0.1:9443",
                PluginSettings.CA_FILE, "/etc/halkyon/ca/ca.crt");

        assertThat(config.tls()).isTrue();
        assertThat(config.caFile()).contains(Path.of("/etc/halkyon/ca/ca.crt"));
    }

    @Test
    void theTokenFileAndNameCanBeChanged() {
        RemotePluginConfig config = config(PluginSettings.ADDRESS, "127.0.0.1:9443",
                PluginSettings.TOKEN_FILE, "/tmp/token", PluginSettings.PLUGIN_NAME, "postgres-eu");

        assertThat(config.tokenFile()).contains(Path.of("/tmp/token"));
        assertThat(config.name()).isEqualTo("postgres-eu");
    }

    @Test
    void blankValuesCountAsUnset() {
        RemotePluginConfig config = config(PluginSettings.ADDRESS, " localhost:9443 ", PluginSettings.CA_FILE, "",
                PluginSettings.TOKEN_FILE, " ", PluginSettings.PLUGIN_NAME, "");

        assertThat(config.tls()).isFalse();
        assertThat(config.tokenFile()).contains(Path.of(RemotePluginConfig.DEFAULT_TOKEN_FILE));
        assertThat(config.name()).isEqualTo(PluginSettings.DEFAULT_NAME);
    }

    @Test
    void withoutAddressItSaysWhichVariableAndWhatItHolds() {
        assertThatThrownBy(() -> config(PluginSettings.PLUGIN_NAME, "postgres"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("HALKYON_OPERATOR_ADDRESS is required: the operator's plugin server, host:port"
                        + " (halkyon-operator-plugins.halkyon.svc:9443) or unix:/path");
    }

    @Test
    void aBadAddressOrNameIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> config(PluginSettings.ADDRESS, "https://operator:9443"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("HALKYON_OPERATOR_ADDRESS: ")
                .hasMessageContaining("not a URL");
        assertThatThrownBy(() -> config(PluginSettings.ADDRESS, "127.0.0.1:9443", PluginSettings.PLUGIN_NAME, "a b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("HALKYON_PLUGIN_NAME: ");
    }
}
