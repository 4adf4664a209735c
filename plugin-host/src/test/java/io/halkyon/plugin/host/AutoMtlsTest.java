package io.halkyon.plugin.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.halkyon.plugin.api.PluginHandshakeException;
import io.halkyon.plugin.proto.internal.net.ClientChannels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** go-plugin's AutoMTLS on our host: with an SDK plugin, and both kinds of mismatch. */
@ExtendWith(NoChildProcessesExtension.class)
class AutoMtlsTest {

    @Test
    void anSdkPluginAnswersAutoMtlsAndOnlyTlsReachesIt() {
        try (PluginClient client = PluginClient.start(Scenarios.config("good").autoMtls(true).build())) {
            assertThat(client.autoMtls()).isTrue();
            assertThat(CapabilityPlugins.dispense(client).checkValidity(PluginCallsTest.capability("tls"))).isEmpty();

            ManagedChannel plaintext = ClientChannels.open(client.network(), client.address(), 1 << 20, null);
            try {
                assertThatThrownBy(() -> HealthGrpc.newBlockingStub(plaintext).withDeadlineAfter(5, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.newBuilder().setService("plugin").build()))
                        .as("a plaintext client is refused").isInstanceOf(StatusRuntimeException.class);
            } finally {
                ClientChannels.close(plaintext);
            }
        }
    }

    @Test
    void aPluginThatIgnoresTheHostsCertificateIsRefusedAtStart() {
        PluginClientConfig config = Scenarios.config("stubborn").autoMtls(true).build();
        long begin = System.nanoTime();
        assertThatThrownBy(() -> PluginClient.start(config))
                .isInstanceOf(PluginHandshakeException.class)
                .hasMessage("plugin '" + config.name() + "' answered without a TLS certificate, but this host asked"
                        + " for AutoMTLS (PLUGIN_CLIENT_CERT): the plugin does not support AutoMTLS; turn autoMtls off"
                        + " for it");
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(config.startTimeout());
    }

    @Test
    void aPluginServingAnotherCertificateThanItAnnouncedFailsTheStartWithATlsMessage() {
        PluginClientConfig config = Scenarios.config("tls-wrong-pin").autoMtls(true).build();
        assertThatThrownBy(() -> PluginClient.start(config))
                .isInstanceOf(PluginHandshakeException.class)
                .hasMessageStartingWith("plugin '" + config.name() + "': the TLS handshake (AutoMTLS) at tcp 127.0.0.1:")
                .hasMessageContaining("does not match the one pinned")
                .hasMessageNotContaining("nothing answers there");
    }

    @Test
    void aCertificateTheHostDidNotAskForIsRefusedWithoutQuotingItAndItsSocketIsRemoved(@TempDir Path dir)
            throws Exception {
        Path written = dir.resolve("socket-path");
        PluginClientConfig config = Scenarios.config("tls-unasked", written.toString()).build();
        assertThatThrownBy(() -> PluginClient.start(config))
                .isInstanceOf(PluginHandshakeException.class)
                .hasMessage("plugin '" + config.name() + "' answered with a TLS certificate (AutoMTLS), but this host"
                        + " did not ask for TLS: turn autoMtls on for this plugin, or start it without"
                        + " PLUGIN_CLIENT_CERT")
                .hasMessageNotContaining("MIIB");
        Path socket = Path.of(Files.readString(written));
        assertThat(socket).doesNotExist();
        assertThat(socket.getParent()).doesNotExist();
    }
}
