package io.halkyon.plugin.proto.internal.mtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.interfaces.ECPublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class PluginCertificateTest {

    private final PluginCertificate generated = PluginCertificate.generate();

    @Test
    void carriesWhatGoPluginsCertificatesCarry() throws Exception {
        X509Certificate cert = generated.certificate();
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=localhost,O=Halkyon plugin");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
        cert.verify(cert.getPublicKey()); // self-signed
        assertThat(cert.getSubjectAlternativeNames()).containsExactly(List.of(2, "localhost"));
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.1");
        // digitalSignature, keyEncipherment, keyAgreement, keyCertSign
        assertThat(cert.getKeyUsage()).startsWith(true, false, true, false, true, true, false);
        assertThat(cert.getBasicConstraints()).isGreaterThanOrEqualTo(0); // CA
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(((ECPublicKey) cert.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        assertThat(cert.getSerialNumber().signum()).isPositive();
        assertThat(cert.getSerialNumber().bitLength()).isLessThanOrEqualTo(128);
        Instant now = Instant.now();
        assertThat(cert.getNotBefore().toInstant()).isBetween(now.minusSeconds(35), now.minusSeconds(25));
        assertThat(cert.getNotAfter().toInstant()).isAfter(now.plus(Duration.ofDays(3649)));
        cert.checkValidity();
    }

    @Test
    void eachGenerationIsFresh() {
        PluginCertificate other = PluginCertificate.generate();
        assertThat(other.der()).isNotEqualTo(generated.der());
        assertThat(other.certificate().getSerialNumber()).isNotEqualTo(generated.certificate().getSerialNumber());
    }

    @Test
    void pemRoundTrips() {
        String pem = generated.pem();
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
        assertThat(PeerCertificates.parsePem(pem)).isEqualTo(generated.certificate());
    }

    @Test
    void handshakeFieldIsUnpaddedStdBase64AndRoundTrips() {
        String field = generated.handshakeField();
        assertThat(field).doesNotContain("=", "\n", "-", "_");
        assertThat(Base64.getDecoder().decode(field)).isEqualTo(generated.der());
        assertThat(PeerCertificates.parseHandshakeField(field)).isEqualTo(generated.certificate());
        String padded = Base64.getEncoder().encodeToString(generated.der());
        assertThat(PeerCertificates.parseHandshakeField(padded)).isEqualTo(generated.certificate());
    }

    @Test
    void toStringShowsNoKey() {
        assertThat(generated.toString()).contains("CN=localhost").doesNotContain("PRIVATE");
    }
}
