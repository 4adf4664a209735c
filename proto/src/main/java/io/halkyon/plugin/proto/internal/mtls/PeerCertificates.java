package io.halkyon.plugin.proto.internal.mtls;

import io.halkyon.plugin.api.PluginProtocol;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * Reads the certificate the other side sent: the host's from {@code PLUGIN_CLIENT_CERT}
 * (PEM), or the plugin's from the handshake line (base64 DER). Both come from a process we
 * do not trust, so inputs are bounded and errors say what was expected and how long the
 * input was, never echoing it (it would fill logs, and may be anything).
 */
public final class PeerCertificates {

    /** Far above a real certificate (ours and go-plugin's are each under 1 KiB of PEM). */
    public static final int MAX_CHARS = 16 * 1024;

    static final String PEM_SOURCE = PluginProtocol.ENV_CLIENT_CERT;
    static final String FIELD_SOURCE = "the handshake's server certificate field";

    private PeerCertificates() {
    }

    /**
     * Parses {@code PLUGIN_CLIENT_CERT}: exactly one PEM {@code CERTIFICATE} block, nothing
     * else but whitespace or text outside the block (as Go's pem.Decode tolerates).
     */
    public static X509Certificate parsePem(String pem) {
        checkBounds(pem, PEM_SOURCE);
        List<PemObject> blocks = new ArrayList<>();
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            PemObject block;
            while ((block = reader.readPemObject()) != null) {
                blocks.add(block);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(PEM_SOURCE + ": expected one PEM CERTIFICATE block, but the input ("
                    + pem.length() + " characters) is not valid PEM: " + e.getMessage(), e);
        }
        if (blocks.size() != 1 || !"CERTIFICATE".equals(blocks.get(0).getType())) {
            throw new IllegalArgumentException(PEM_SOURCE + ": expected exactly one PEM CERTIFICATE block, found "
                    + (blocks.isEmpty() ? "none" : blocks.size() + " block(s) of type "
                    + blocks.stream().map(PemObject::getType).toList())
                    + " in " + pem.length() + " characters");
        }
        return parseDer(blocks.get(0).getContent(), PEM_SOURCE);
    }

    /**
     * Parses the handshake line's 6th field: base64 (std alphabet) of one DER certificate,
     * unpadded as go-plugin prints it; padded is accepted too.
     */
    public static X509Certificate parseHandshakeField(String field) {
        checkBounds(field, FIELD_SOURCE);
        String trimmed = field.strip();
        byte[] der;
        try {
            der = Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(FIELD_SOURCE + ": expected standard base64 of a DER certificate, "
                    + "but the " + trimmed.length() + " characters are not valid base64: " + e.getMessage(), e);
        }
        return parseDer(der, FIELD_SOURCE);
    }

    private static void checkBounds(String input, String source) {
        if (input == null || input.isBlank()) {
            throw new IllegalArgumentException(source + ": expected a certificate, got nothing");
        }
        if (input.length() > MAX_CHARS) {
            throw new IllegalArgumentException(source + ": expected a certificate of at most " + MAX_CHARS
                    + " characters, got " + input.length());
        }
    }

    /** One X.509 certificate and nothing after it: the pin compares these exact bytes. */
    private static X509Certificate parseDer(byte[] der, String source) {
        X509Certificate certificate;
        try {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw new IllegalArgumentException(source + ": expected a DER X.509 certificate, but the "
                    + der.length + " bytes do not parse as one: " + e.getMessage(), e);
        }
        try {
            if (!Arrays.equals(certificate.getEncoded(), der)) {
                throw new IllegalArgumentException(source + ": expected exactly one DER X.509 certificate, but the "
                        + der.length + " bytes hold more (" + certificate.getEncoded().length + " bytes parse)");
            }
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException(source + ": the certificate cannot be re-encoded: " + e.getMessage(), e);
        }
        return certificate;
    }
}
