package io.halkyon.plugin.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.halkyon.plugin.api.PluginProtocol;
import io.halkyon.plugin.proto.internal.mtls.PeerCertificates;
import io.halkyon.plugin.proto.internal.mtls.PluginCertificate;
import io.halkyon.plugin.proto.internal.mtls.TlsContexts;
import io.halkyon.plugin.proto.internal.net.ClientChannels;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SDK as a general go-plugin server: any services, any cookie, per version; AutoMTLS when asked. */
class GenericServeTest {

    static final String COOKIE_KEY = "BASIC_PLUGIN";
    static final String COOKIE_VALUE = "hello";
    private static final Duration EXIT = Duration.ofSeconds(20);

    @Test
    void aPluginOfAnotherInterfaceServesTheSetOfTheNegotiatedVersionWithoutACategory() throws Exception {
        try (PluginProcess plugin = PluginProcess.startRaw("generic", env("1,2"))) {
            String[] fields = plugin.handshakeFields();
            assertThat(fields[1]).as("the highest version both speak").isEqualTo("1");
            assertThat(fields[5]).as("no TLS asked, none given").isEmpty();
            ManagedChannel channel = Wire.dial(fields[2], fields[3]);
            try {
                assertThat(EchoService.call(channel, "hi")).isEqualTo("v1:hi");
                assertThatThrownBy(() -> EchoService.call(channel, "throw the echo broke"))
                        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                            assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.INTERNAL);
                            assertThat(e.getStatus().getDescription()).isEqualTo("the echo broke");
                        });
            } finally {
                Wire.close(channel);
            }
        }
        try (PluginProcess plugin = PluginProcess.startRaw("generic", env("1,2,3"))) {
            String[] fields = plugin.handshakeFields();
            assertThat(fields[1]).isEqualTo("3");
            ManagedChannel channel = Wire.dial(fields[2], fields[3]);
            try {
                assertThat(EchoService.call(channel, "hi")).isEqualTo("v3:hi");
            } finally {
                Wire.close(channel);
            }
        }
    }

    @Test
    void itAnswersAutoMtlsAndServesOnlyTheHostsPinnedCertificate() throws Exception {
        PluginCertificate host = PluginCertificate.generate();
        Map<String, String> env = env("1");
        env.put(PluginProtocol.ENV_CLIENT_CERT, host.pem());
        try (PluginProcess plugin = PluginProcess.startRaw("generic", env)) {
            String[] fields = plugin.handshakeFields();
            X509Certificate served = PeerCertificates.parseHandshakeField(fields[5]);
            ManagedChannel tls = ClientChannels.open(fields[2], fields[3], 1 << 20,
                    TlsContexts.clientContext(host, served));
            ManagedChannel stranger = ClientChannels.open(fields[2], fields[3], 1 << 20,
                    TlsContexts.clientContext(PluginCertificate.generate(), served));
            ManagedChannel plaintext = Wire.dial(fields[2], fields[3]);
            try {
                assertThat(EchoService.call(tls, "hi")).isEqualTo("v1:hi");
                assertThatThrownBy(() -> EchoService.call(stranger, "hi")).isInstanceOf(StatusRuntimeException.class);
                assertThatThrownBy(() -> EchoService.call(plaintext, "hi")).isInstanceOf(StatusRuntimeException.class);
            } finally {
                ClientChannels.close(tls);
                ClientChannels.close(stranger);
                Wire.close(plaintext);
            }
        }
    }

    @Test
    void anUnusableHostCertificateIsAClearStartFailure() throws Exception {
        Map<String, String> env = env("1");
        env.put(PluginProtocol.ENV_CLIENT_CERT, "not a certificate");
        try (PluginProcess plugin = PluginProcess.startRaw("generic", env)) {
            assertThat(plugin.awaitExit(EXIT)).isEqualTo(1);
            assertThat(plugin.stdout()).isEmpty();
            assertThat(plugin.stderrText()).contains("plugin 'echo' cannot start: the host asked for AutoMTLS, but"
                    + " PLUGIN_CLIENT_CERT holds no usable certificate");
        }
    }

    @Test
    void nothingToServeIsAClearStartFailure() throws Exception {
        try (PluginProcess plugin = PluginProcess.startRaw("empty", env("1"))) {
            assertThat(plugin.awaitExit(EXIT)).isEqualTo(1);
            assertThat(plugin.stdout()).isEmpty();
            assertThat(plugin.stderrText()).contains("plugin 'empty' cannot start: nothing to serve");
        }
    }

    @Test
    void withoutItsOwnCookieItIsNotAProgram() throws Exception {
        Map<String, String> env = env("1");
        env.put(COOKIE_KEY, "goodbye");
        try (PluginProcess plugin = PluginProcess.startRaw("generic", env)) {
            assertThat(plugin.awaitExit(EXIT)).isEqualTo(1);
            assertThat(plugin.stdout()).isEmpty();
            assertThat(plugin.stderrText()).contains("This binary is a plugin.");
        }
    }

    private static Map<String, String> env(String versions) {
        Map<String, String> env = new HashMap<>();
        env.put(COOKIE_KEY, COOKIE_VALUE);
        env.put(PluginProtocol.ENV_PROTOCOL_VERSIONS, versions);
        return env;
    }
}
