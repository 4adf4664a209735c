package io.halkyon.plugin.proto.internal.mtls;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class PeerCertificatesTest {

    private final PluginCertificate one = PluginCertificate.generate();

    @Test
    void pemGarbage() {
        assertThatThrownBy(() -> PeerCertificates.parsePem("hello, not a certificate"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PLUGIN_CLIENT_CERT: expected exactly one PEM CERTIFICATE block, found none in 24 characters");
    }

    @Test
    void pemEmpty() {
        assertThatThrownBy(() -> PeerCertificates.parsePem(" "))
                .hasMessage("PLUGIN_CLIENT_CERT: expected a certificate, got nothing");
    }

    @Test
    void pemTwoCertificates() {
        String two = one.pem() + PluginCertificate.generate().pem();
        assertThatThrownBy(() -> PeerCertificates.parsePem(two))
                .hasMessageStartingWith("PLUGIN_CLIENT_CERT: expected exactly one PEM CERTIFICATE block, found 2 block(s)"
                        + " of type [CERTIFICATE, CERTIFICATE] in ");
    }

    @Test
    void pemOfSomethingElse() {
        String key = "-----BEGIN EC PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(one.privateKey().getEncoded())
                + "\n-----END EC PRIVATE KEY-----\n";
        assertThatThrownBy(() -> PeerCertificates.parsePem(key))
                .hasMessageStartingWith("PLUGIN_CLIENT_CERT: expected exactly one PEM CERTIFICATE block, found 1 block(s)"
                        + " of type [EC PRIVATE KEY]")
                .hasMessageNotContaining(Base64.getMimeEncoder().encodeToString(one.privateKey().getEncoded()));
    }

    @Test
    void pemCertificateBlockHoldingNoCertificate() {
        String pem = "-----BEGIN CERTIFICATE-----\nAAECAwQF\n-----END CERTIFICATE-----\n";
        assertThatThrownBy(() -> PeerCertificates.parsePem(pem))
                .hasMessageStartingWith("PLUGIN_CLIENT_CERT: expected a DER X.509 certificate, but the 6 bytes do not"
                        + " parse as one");
    }

    @Test
    void pemUnterminated() {
        String cut = one.pem().substring(0, 200);
        assertThatThrownBy(() -> PeerCertificates.parsePem(cut))
                .hasMessageStartingWith("PLUGIN_CLIENT_CERT: expected one PEM CERTIFICATE block, but the input"
                        + " (200 characters) is not valid PEM");
    }

    @Test
    void pemOversize() {
        String big = one.pem() + "x".repeat(PeerCertificates.MAX_CHARS);
        assertThatThrownBy(() -> PeerCertificates.parsePem(big))
                .hasMessage("PLUGIN_CLIENT_CERT: expected a certificate of at most 16384 characters, got "
                        + big.length());
    }

    @Test
    void pemToleratesTextAroundTheBlock() {
        org.assertj.core.api.Assertions.assertThat(PeerCertificates.parsePem("\n" + one.pem() + "\n"))
                .isEqualTo(one.certificate());
    }

    @Test
    void fieldGarbage() {
        assertThatThrownBy(() -> PeerCertificates.parseHandshakeField("not base64!"))
                .hasMessageStartingWith("the handshake's server certificate field: expected standard base64 of a DER"
                        + " certificate, but the 11 characters are not valid base64");
    }

    @Test
    void fieldUrlAlphabetIsRefused() {
        String url = Base64.getUrlEncoder().withoutPadding().encodeToString(one.der());
        org.assertj.core.api.Assumptions.assumeThat(url).containsAnyOf("-", "_");
        assertThatThrownBy(() -> PeerCertificates.parseHandshakeField(url))
                .hasMessageContaining("not valid base64");
    }

    @Test
    void fieldValidBase64ButNoCertificate() {
        assertThatThrownBy(() -> PeerCertificates.parseHandshakeField("aGVsbG8"))
                .hasMessageStartingWith("the handshake's server certificate field: expected a DER X.509 certificate,"
                        + " but the 5 bytes do not parse as one");
    }

    @Test
    void fieldTwoCertificatesConcatenated() {
        byte[] a = one.der();
        byte[] b = PluginCertificate.generate().der();
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        assertThatThrownBy(() -> PeerCertificates.parseHandshakeField(Base64.getEncoder().encodeToString(both)))
                .hasMessage("the handshake's server certificate field: expected exactly one DER X.509 certificate,"
                        + " but the " + both.length + " bytes hold more (" + a.length + " bytes parse)");
    }

    @Test
    void fieldOversize() {
        String big = "A".repeat(PeerCertificates.MAX_CHARS + 4);
        assertThatThrownBy(() -> PeerCertificates.parseHandshakeField(big))
                .hasMessage("the handshake's server certificate field: expected a certificate of at most 16384"
                        + " characters, got 16388");
    }

    @Test
    void fieldEmpty() {
        assertThatThrownBy(() -> PeerCertificates.parseHandshakeField(""))
                .hasMessage("the handshake's server certificate field: expected a certificate, got nothing");
    }
}
