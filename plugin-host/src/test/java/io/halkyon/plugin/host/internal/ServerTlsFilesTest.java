package io.halkyon.plugin.host.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import ch.qos.logback.classic.Level;
import io.grpc.netty.shaded.io.netty.buffer.ByteBufAllocator;
import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSsl;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.netty.shaded.io.netty.util.ReferenceCountUtil;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.host.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLEngine;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PKCS12PBEParams;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.util.io.pem.PemHeader;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Loading: what is accepted, and that everything else fails at once naming the file at fault. */
class ServerTlsFilesTest {

    @TempDir
    Path dir;
    private final TestPki pki = new TestPki();
    private final TestPki.Leaf leaf = pki.issue("EC");

    private Path certFile() {
        return dir.resolve("tls.crt");
    }

    private Path keyFile() {
        return dir.resolve("tls.key");
    }

    private void write(String certText, String keyText) throws Exception {
        Files.writeString(certFile(), certText);
        Files.writeString(keyFile(), keyText);
    }

    @ParameterizedTest
    @CsvSource({"EC,pkcs8", "EC,sec1", "EC,sec1-with-parameters", "EC-384,pkcs8", "EC-521,sec1", "RSA,pkcs8",
            "RSA,pkcs1"})
    void loadsEachKeyFormat(String keyType, String format) throws Exception {
        TestPki.Leaf other = pki.issue(keyType);
        String keyText = switch (format) {
            case "pkcs8" -> other.pkcs8Pem();
            case "sec1-with-parameters" -> pem("EC PARAMETERS", X9ObjectIdentifiers.prime256v1.getEncoded())
                    + other.legacyKeyPem();
            default -> other.legacyKeyPem();
        };
        assertThat(keyText).contains(switch (format) {
            case "pkcs8" -> "BEGIN PRIVATE KEY";
            case "pkcs1" -> "BEGIN RSA PRIVATE KEY";
            default -> "BEGIN EC PRIVATE KEY";
        });
        write(other.chainPem(), keyText);

        ServerTlsFiles files = ServerTlsFiles.load(certFile(), keyFile());

        assertThat(files.certificate()).isEqualTo(other.certificate());
        assertThat(files.served().pair().chain()).containsExactly(other.certificate(), pki.ca());
        assertThat(files.served().pair().key().getAlgorithm()).isEqualTo(other.key().getAlgorithm());
    }

    @Test
    void logsTheCertificateItServesAtInfo() throws Exception {
        write(leaf.chainPem(), leaf.pkcs8Pem());
        try (LogCapture log = new LogCapture(ServerTlsFiles.class.getName())) {
            ServerTlsFiles.load(certFile(), keyFile());
            assertThat(log.events()).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.INFO);
                assertThat(event.getFormattedMessage()).contains(certFile().toString(), keyFile().toString(),
                        "serial " + leaf.serial().toString(16), "O=Halkyon test", "valid until "
                                + leaf.certificate().getNotAfter().toInstant());
            });
        }
    }

    /** Refusing would stop the server; cert-manager renews independently, so it is served with a warning. */
    @Test
    void servesAnExpiredCertificateWithAWarning() throws Exception {
        TestPki.Leaf expired = pki.issue("EC", Instant.now().minusSeconds(10));
        write(expired.chainPem(), expired.pkcs8Pem());
        try (LogCapture log = new LogCapture(ServerTlsFiles.class.getName())) {
            assertThat(ServerTlsFiles.load(certFile(), keyFile()).certificate()).isEqualTo(expired.certificate());
            assertThat(log.events()).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage()).contains("not valid now", certFile().toString());
            });
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void contextOffersOnlyTls12And13AndH2(SslProvider provider) throws Exception {
        assumeThat(provider != SslProvider.OPENSSL || OpenSsl.isAvailable()).as("netty's OpenSSL").isTrue();
        write(leaf.chainPem(), leaf.pkcs8Pem());
        SslContext context = new ServerTlsFiles(certFile(), keyFile(), System::nanoTime, provider).sslContext();

        assertThat(context.isServer()).isTrue();
        assertThat(context.applicationProtocolNegotiator().protocols()).containsExactly("h2");
        SSLEngine engine = context.newEngine(ByteBufAllocator.DEFAULT);
        try {
            // The JDK's server engine also lists "SSLv2Hello": a ClientHello framing it accepts, not a
            // version; the version negotiated is still one of these.
            assertThat(engine.getEnabledProtocols()).filteredOn(p -> !p.equals("SSLv2Hello"))
                    .containsExactlyInAnyOrder("TLSv1.2", "TLSv1.3");
            assertThat(engine.getNeedClientAuth()).isFalse();
            assertThat(engine.getWantClientAuth()).isFalse();
        } finally {
            ReferenceCountUtil.release(engine);
        }
    }

    @Test
    void refusesAMissingCertificateFile() throws Exception {
        Files.writeString(keyFile(), leaf.pkcs8Pem());
        assertRefused(() -> ServerTlsFiles.load(certFile(), keyFile()), certFile(),
                "TLS certificate file", "expected a PEM certificate chain", "does not exist");
    }

    @Test
    void refusesAMissingKeyFile() throws Exception {
        Files.writeString(certFile(), leaf.chainPem());
        assertRefused(() -> ServerTlsFiles.load(certFile(), keyFile()), keyFile(),
                "TLS private key file", "expected one PEM private key", "does not exist");
    }

    @Test
    void refusesAnEmptyFile() throws Exception {
        write("", leaf.pkcs8Pem());
        assertRefused(() -> ServerTlsFiles.load(certFile(), keyFile()), certFile(), "the file is empty");
        write(leaf.chainPem(), "");
        assertRefused(() -> ServerTlsFiles.load(certFile(), keyFile()), keyFile(), "the file is empty");
    }

    /** A hostile or mistaken mount: refused from its size, without holding more than 1 MiB + 1 byte. */
    @Test
    void refusesAFileOverOneMebibyte() throws Exception {
        String padded = leaf.chainPem() + "x".repeat(PemFiles.MAX_BYTES);
        write(padded, leaf.pkcs8Pem());
        assertRefused(() -> ServerTlsFiles.load(certFile(), keyFile()), certFile(),
                "larger than 1048576 bytes");
        write(leaf.chainPem(), leaf.pkcs8Pem() + "\n".repeat(PemFiles.MAX_BYTES));
        assertRefused(() -> ServerTlsFiles.load(certFile(), keyFile()), keyFile(), "larger than 1048576 bytes");
    }

    /** Exactly 1 MiB is still read (text around PEM blocks is allowed, as openssl writes it). */
    @Test
    void acceptsAFileOfExactlyOneMebibyte() throws Exception {
        String chain = leaf.chainPem();
        write(chain + "\n".repeat(PemFiles.MAX_BYTES - chain.length()), leaf.pkcs8Pem());
        assertThat(Files.size(certFile())).isEqualTo(PemFiles.MAX_BYTES);
        assertThat(ServerTlsFiles.load(certFile(), keyFile()).certificate()).isEqualTo(leaf.certificate());
    }

    /** A FIFO would block the reader forever, a device never end: refused before opening. */
    @Test
    void refusesWhatIsNotARegularFile() throws Exception {
        Files.writeString(keyFile(), leaf.pkcs8Pem());
        Files.createDirectory(certFile());
        assertRefused(() -> ServerTlsFiles.load(certFile(), keyFile()), certFile(), "not a regular file");

        Files.delete(certFile());
        Process mkfifo = new ProcessBuilder("mkfifo", certFile().toString()).start();
        try {
            assertThat(mkfifo.waitFor()).isZero();
        } finally {
            mkfifo.destroyForcibly();
        }
        assertRefused(() -> ServerTlsFiles.load(certFile(), keyFile()), certFile(), "not a regular file");
    }

    @Test
    void refusesAnUnreadableFile() throws Exception {
        assumeThat(System.getProperty("user.name")).as("root reads any file").isNotEqualTo("root");
        write(leaf.chainPem(), leaf.pkcs8Pem());
        Files.setPosixFilePermissions(keyFile(), PosixFilePermissions.fromString("---------"));
        assertRefused(() -> ServerTlsFiles.load(certFile(), keyFile()), keyFile(), "cannot be read");
    }

    /** The half-done rotation: the new certificate with the old key. */
    @Test
    void refusesAKeyThatIsNotTheCertificatesKey() throws Exception {
        write(leaf.chainPem(), pki.issue("EC").pkcs8Pem());
        assertRefused(() -> ServerTlsFiles.load(certFile(), keyFile()), keyFile(),
                "expected the private key of the first certificate in " + certFile(),
                "serial " + leaf.serial().toString(16), "does not match that certificate's public key");
        write(leaf.chainPem(), pki.issue("RSA").pkcs8Pem());
        assertRefused(() -> ServerTlsFiles.load(certFile(), keyFile()), keyFile(),
                "holds a RSA key that does not match");
    }

    /** The key of the CA (the chain's second certificate) is not the server's. */
    @Test
    void refusesChainsWhoseFirstCertificateIsNotTheKeys() throws Exception {
        write(TestPki.pem(pki.ca()) + TestPki.pem(leaf.certificate()), leaf.pkcs8Pem());
        assertRefused(() -> ServerTlsFiles.load(certFile(), keyFile()), keyFile(), "does not match");
    }

    @Test
    void refusesFilesSwappedOrOfTheWrongKind() throws Exception {
        write(leaf.pkcs8Pem(), leaf.chainPem());
        assertRefused(() -> ServerTlsFiles.load(certFile(), keyFile()), certFile(), "holds a private key");
        write(leaf.chainPem(), leaf.chainPem());
        assertRefused(() -> ServerTlsFiles.load(certFile(), keyFile()), keyFile(), "holds a CERTIFICATE block");
        write("not PEM at all\n", leaf.pkcs8Pem());
        assertRefused(() -> ServerTlsFiles.load(certFile(), keyFile()), certFile(), "holds no PEM block");
    }

    /** The parser names an unknown block's label; a hostile one does not make a megabyte error. */
    @Test
    void aHugeBlockLabelIsCutShortInTheError() throws Exception {
        String label = "X".repeat(500_000);
        write("-----BEGIN " + label + "-----\nAAAA\n-----END " + label + "-----\n", leaf.pkcs8Pem());
        assertRefused(() -> ServerTlsFiles.load(certFile(), keyFile()), certFile(), "is not valid PEM");
        assertThatThrownBy(() -> ServerTlsFiles.load(certFile(), keyFile())).message().hasSizeLessThan(600);
    }

    /** What a reader sees of a file still being written. */
    @Test
    void refusesATruncatedFile() throws Exception {
        String chain = leaf.chainPem();
        write(chain.substring(0, chain.length() / 3), leaf.pkcs8Pem());
        assertRefused(() -> ServerTlsFiles.load(certFile(), keyFile()), certFile(), "is not valid PEM");
        String keyText = leaf.pkcs8Pem();
        write(chain, keyText.substring(0, keyText.length() - 10));
        assertRefused(() -> ServerTlsFiles.load(certFile(), keyFile()), keyFile(), "is not a valid PEM key");
    }

    /** PKCS#8 encrypted, and openssl's older Proc-Type/DEK-Info encrypted PKCS#1: no passphrase here. */
    @Test
    void refusesAnEncryptedKey() throws Exception {
        // The structure only: what is inside is never decrypted, so random bytes stand for the key.
        byte[] pkcs8 = new EncryptedPrivateKeyInfo(new AlgorithmIdentifier(
                PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC, new PKCS12PBEParams(new byte[8], 2048)),
                new byte[160]).getEncoded();
        write(leaf.chainPem(), pem("ENCRYPTED PRIVATE KEY", pkcs8));
        assertRefused(() -> ServerTlsFiles.load(certFile(), keyFile()), keyFile(), "encrypted private key");

        PemObject legacy = new PemObject("EC PRIVATE KEY", List.of(new PemHeader("Proc-Type", "4,ENCRYPTED"),
                new PemHeader("DEK-Info", "AES-128-CBC,00112233445566778899AABBCCDDEEFF")), new byte[64]);
        write(leaf.chainPem(), TestPki.pemOf(legacy));
        assertRefused(() -> ServerTlsFiles.load(certFile(), keyFile()), keyFile(), "encrypted private key");
    }

    @Test
    void refusesTwoKeys() throws Exception {
        write(leaf.chainPem(), leaf.pkcs8Pem() + pki.issue("EC").pkcs8Pem());
        assertRefused(() -> ServerTlsFiles.load(certFile(), keyFile()), keyFile(), "holds 2 private keys");
    }

    @Test
    void refusesKeyTypesItCannotServe() throws Exception {
        KeyPairGenerator dsa = KeyPairGenerator.getInstance("DSA");
        dsa.initialize(2048);
        write(leaf.chainPem(), TestPki.pkcs8Pem(dsa.generateKeyPair().getPrivate()));
        assertRefused(() -> ServerTlsFiles.load(certFile(), keyFile()), keyFile(),
                "expected an RSA or EC private key", "holds a DSA key");
        write(leaf.chainPem(), TestPki.pkcs8Pem(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate()));
        assertRefused(() -> ServerTlsFiles.load(certFile(), keyFile()), keyFile(), "expected an RSA or EC private key");
    }

    /**
     * Refused: the exception is a {@link PluginException} whose plugin name is the file at fault,
     * its message names that file and has each fragment, and it never quotes either file's content.
     */
    private void assertRefused(ThrowingCallable load, Path file, String... fragments) throws Exception {
        String keyQuote = base64Fragment(leaf.key().getEncoded());
        String certificateQuote = base64Fragment(leaf.certificate().getEncoded());
        assertThatThrownBy(load).isInstanceOfSatisfying(PluginException.class, e -> {
            assertThat(e.pluginName()).isEqualTo(file.toString());
            assertThat(e.getMessage()).contains(file.toString()).contains(fragments)
                    .doesNotContain(keyQuote).doesNotContain(certificateQuote);
        });
    }

    /** 16 base64 characters from the middle of the DER: would be in any quote of the PEM. */
    private static String base64Fragment(byte[] der) {
        String text = Base64.getEncoder().encodeToString(Arrays.copyOfRange(der, 30, 42));
        return text.substring(0, 16);
    }

    private static String pem(String type, byte[] der) {
        return TestPki.pemOf(new PemObject(type, der));
    }
}
