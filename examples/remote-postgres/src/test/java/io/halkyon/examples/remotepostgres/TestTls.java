package io.halkyon.examples.remotepostgres;

import io.halkyon.plugin.proto.internal.mtls.PluginCertificate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * A self-signed certificate for {@code localhost} and its key, as PEM files: the operator's
 * plugin server serves them ({@code --remote-plugins-tls-cert/-key}), plugins trust the
 * certificate as their CA ({@code HALKYON_CA_FILE}).
 *
 * @param cert the certificate, also the CA file
 * @param key  its PKCS#8 private key
 */
public record TestTls(Path cert, Path key) {

    /** Host name the certificate carries. */
    public static final String HOST = PluginCertificate.HOST_NAME;

    /** Writes {@code tls.crt} and {@code tls.key} into {@code dir}. */
    public static TestTls write(Path dir) throws IOException {
        PluginCertificate certificate = PluginCertificate.generate();
        Path cert = Files.writeString(dir.resolve("tls.crt"), certificate.pem());
        Path key = Files.writeString(dir.resolve("tls.key"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(certificate.privateKey().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        return new TestTls(cert, key);
    }
}
