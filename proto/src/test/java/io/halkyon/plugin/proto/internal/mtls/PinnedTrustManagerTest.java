package io.halkyon.plugin.proto.internal.mtls;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

class PinnedTrustManagerTest {

    private final PluginCertificate pinned = PluginCertificate.generate();
    private final PinnedTrustManager server = PinnedTrustManager.forServer(pinned.certificate());
    private final PinnedTrustManager client = PinnedTrustManager.forClient(pinned.certificate());

    @Test
    void acceptsExactlyThePinnedCertificate() {
        X509Certificate[] chain = {pinned.certificate()};
        assertThatCode(() -> server.checkServerTrusted(chain, "ECDHE_ECDSA")).doesNotThrowAnyException();
        assertThatCode(() -> client.checkClientTrusted(chain, "ECDSA")).doesNotThrowAnyException();
        assertThatCode(() -> server.checkServerTrusted(chain, "ECDHE_ECDSA", engine("localhost")))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesAnotherCertificate() {
        X509Certificate[] other = {PluginCertificate.generate().certificate()};
        assertThatThrownBy(() -> client.checkClientTrusted(other, "ECDSA"))
                .isInstanceOf(CertificateException.class)
                .hasMessageStartingWith("the client's certificate does not match the one pinned for this plugin");
        assertThatThrownBy(() -> server.checkServerTrusted(other, "ECDHE_ECDSA", engine("localhost")))
                .hasMessageStartingWith("the server's certificate does not match the one pinned for this plugin");
    }

    /** PKIX with the pinned (CA) certificate as trust anchor would accept these. */
    @Test
    void refusesACertificateSignedByThePinnedKey() throws Exception {
        PluginCertificate child = TestCertificates.childOf(pinned);
        child.certificate().verify(pinned.certificate().getPublicKey()); // really issued by the pinned key
        assertThatThrownBy(() -> client.checkClientTrusted(new X509Certificate[] {child.certificate()}, "ECDSA"))
                .hasMessageContaining("does not match the one pinned");
        assertThatThrownBy(() -> server.checkServerTrusted(
                new X509Certificate[] {child.certificate(), pinned.certificate()}, "ECDHE_ECDSA"))
                .hasMessageContaining("does not match the one pinned");
    }

    @Test
    void refusesNoCertificate() {
        assertThatThrownBy(() -> client.checkClientTrusted(new X509Certificate[0], "ECDSA"))
                .hasMessage("the client presented no certificate; expected the one pinned for this plugin");
    }

    @Test
    void refusesAPinnedCertificateThatExpired() throws Exception {
        PluginCertificate expired = TestCertificates.selfSigned(Instant.now().minus(Duration.ofDays(2)),
                Instant.now().minus(Duration.ofDays(1)), "localhost");
        PinnedTrustManager manager = PinnedTrustManager.forServer(expired.certificate());
        assertThatThrownBy(() -> manager.checkServerTrusted(new X509Certificate[] {expired.certificate()}, "ECDHE_ECDSA"))
                .hasMessageStartingWith("the certificate pinned for this plugin is not valid now");
    }

    /** As Go's client with ServerName "localhost": the pinned certificate must name the host. */
    @Test
    void checksTheHostNameWhenTheEngineAsksForIt() throws Exception {
        PluginCertificate elsewhere = TestCertificates.selfSigned(Instant.now().minusSeconds(30),
                Instant.now().plus(Duration.ofDays(1)), "example.org");
        PinnedTrustManager manager = PinnedTrustManager.forServer(elsewhere.certificate());
        X509Certificate[] chain = {elsewhere.certificate()};
        assertThatThrownBy(() -> manager.checkServerTrusted(chain, "ECDHE_ECDSA", engine("localhost")))
                .hasMessage("the certificate pinned for this plugin is not for host 'localhost' (its DNS names:"
                        + " [example.org])");
        SSLEngine noIdentification = SSLContext.getDefault().createSSLEngine("localhost", 1);
        assertThatCode(() -> manager.checkServerTrusted(chain, "ECDHE_ECDSA", noIdentification))
                .doesNotThrowAnyException();
    }

    @Test
    void namesNoAcceptedIssuerSoThatEveryClientSendsItsCertificate() {
        org.assertj.core.api.Assertions.assertThat(client.getAcceptedIssuers()).isEmpty();
    }

    private static SSLEngine engine(String host) throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine(host, 1);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        return engine;
    }
}
