package io.halkyon.plugin.host.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.halkyon.plugin.host.LogCapture;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reloading, seen from the key manager the TLS engine calls at each handshake, with a test clock:
 * no network, no sleeping. The end-to-end behaviour over gRPC is in {@link ServerTlsFilesGrpcTest}.
 */
class ServerTlsFilesReloadTest {

    private static final long MILLI = Duration.ofMillis(1).toNanos();

    @TempDir
    Path dir;
    private final TestPki pki = new TestPki();
    private final TestPki.Leaf first = pki.issue("EC");
    private final TestPki.Leaf second = pki.issue("EC");
    private final AtomicLong clock = new AtomicLong(123);
    private Path cert;
    private Path key;
    private ServerTlsFiles files;
    private ReloadingKeyManager keyManager;
    private LogCapture log;

    @BeforeEach
    void load() throws Exception {
        cert = dir.resolve("tls.crt");
        key = dir.resolve("tls.key");
        Files.writeString(cert, first.chainPem());
        Files.writeString(key, first.pkcs8Pem());
        files = new ServerTlsFiles(cert, key, clock::get, null);
        keyManager = new ReloadingKeyManager(files);
        log = new LogCapture(ServerTlsFiles.class.getName());
    }

    @AfterEach
    void closeLog() {
        log.close();
    }

    @Test
    void looksAtTheFilesAtMostOncePerCheckInterval() throws Exception {
        replaceBoth(second);
        assertThat(handshakeSerial()).isEqualTo(first.serial());
        clock.addAndGet(ServerTlsFiles.CHECK_INTERVAL.toNanos() - MILLI);
        assertThat(handshakeSerial()).isEqualTo(first.serial());
        clock.addAndGet(MILLI);
        assertThat(handshakeSerial()).isEqualTo(second.serial());
        assertThat(files.certificate()).isEqualTo(second.certificate());
    }

    /** Same inode, new content (an admin's editor or {@code cp}): modification time and size tell. */
    @Test
    void seesAFileRewrittenInPlace() throws Exception {
        Object inode = Files.readAttributes(cert, BasicFileAttributes.class).fileKey();
        for (Path file : new Path[] {cert, key}) {
            FileTime written = Files.getLastModifiedTime(file);
            Files.writeString(file, file.equals(cert) ? second.chainPem() : second.pkcs8Pem());
            // Later than the first write even where timestamps are coarse.
            Files.setLastModifiedTime(file, FileTime.from(written.toInstant().plusSeconds(1)));
        }
        assertThat(Files.readAttributes(cert, BasicFileAttributes.class).fileKey()).isEqualTo(inode);
        assertThat(handshakeSerialAfterInterval()).isEqualTo(second.serial());
    }

    /**
     * The engine chooses an alias, then asks for its chain and key in separate calls: a rotation
     * in between still yields the old chain with the old key, never a mixed pair.
     */
    @Test
    void aHandshakeStraddlingARotationGetsOneConsistentPair() throws Exception {
        String before = keyManager.chooseEngineServerAlias("EC", null, null);
        replaceBoth(second);
        clock.addAndGet(ServerTlsFiles.CHECK_INTERVAL.toNanos());
        String after = keyManager.chooseEngineServerAlias("EC", null, null);

        assertThat(after).isNotEqualTo(before);
        assertThat(keyManager.getCertificateChain(before)).containsExactly(first.certificate(), pki.ca());
        assertThat(keyManager.getPrivateKey(before)).isEqualTo(first.key());
        assertThat(keyManager.getCertificateChain(after)).containsExactly(second.certificate(), pki.ca());
        assertThat(keyManager.getPrivateKey(after)).isEqualTo(second.key());
        assertThat(keyManager.getCertificateChain("unknown")).isNull();
        assertThat(keyManager.getPrivateKey("unknown")).isNull();
    }

    /** Answering for another key type would make the engine sign with the wrong kind of key. */
    @Test
    void answersOnlyForTheServedKeysType() throws Exception {
        assertThat(keyManager.chooseEngineServerAlias("EC", null, null)).isNotNull();
        assertThat(keyManager.chooseEngineServerAlias("EC_EC", null, null)).isNotNull();
        assertThat(keyManager.chooseEngineServerAlias("RSA", null, null)).isNull();
        assertThat(keyManager.chooseServerAlias("RSASSA-PSS", null, null)).isNull();

        replaceBoth(pki.issue("RSA"));
        clock.addAndGet(ServerTlsFiles.CHECK_INTERVAL.toNanos());
        assertThat(keyManager.chooseEngineServerAlias("EC", null, null)).isNull();
        assertThat(keyManager.chooseEngineServerAlias("RSA", null, null)).isNotNull();
        assertThat(keyManager.getServerAliases("RSA", null)).hasSize(1);
        assertThat(keyManager.chooseEngineClientAlias(new String[] {"RSA"}, null, null)).isNull();
    }

    /** A file missing for a moment (a script's rm, then write) keeps the pair served; its return is seen. */
    @Test
    void aMissingFileKeepsThePairServedUntilItIsBack() throws Exception {
        Files.delete(key);
        assertThat(handshakeSerialAfterInterval()).isEqualTo(first.serial());
        assertThat(errors()).singleElement().asString().contains(key.toString(), "does not exist",
                "serial " + first.serial().toString(16));

        replaceBoth(second);
        assertThat(handshakeSerialAfterInterval()).isEqualTo(second.serial());
    }

    /**
     * A failed read is not retried while the files stay as they were (one error, not one per
     * second), but the next change is read.
     */
    @Test
    void aBadPairIsLoggedOnceAndTheNextChangeIsRead() throws Exception {
        TestPki.replace(cert, second.chainPem()); // the key follows later
        for (int i = 0; i < 3; i++) {
            assertThat(handshakeSerialAfterInterval()).isEqualTo(first.serial());
        }
        assertThat(errors()).singleElement().asString().contains(cert.toString(), key.toString(),
                "does not match");

        TestPki.replace(key, second.pkcs8Pem());
        assertThat(handshakeSerialAfterInterval()).isEqualTo(second.serial());
        assertThat(infos()).singleElement().asString().contains("serial " + second.serial().toString(16));
    }

    /** Files rewritten with the same content (a resync) change nothing and log nothing. */
    @Test
    void theSamePairWrittenAgainIsNotServedAsNew() throws Exception {
        String before = keyManager.chooseEngineServerAlias("EC", null, null);
        replaceBoth(first);
        clock.addAndGet(ServerTlsFiles.CHECK_INTERVAL.toNanos());
        assertThat(keyManager.chooseEngineServerAlias("EC", null, null)).isEqualTo(before);
        assertThat(log.events()).isEmpty();
    }

    private void replaceBoth(TestPki.Leaf leaf) throws Exception {
        TestPki.replace(cert, leaf.chainPem());
        TestPki.replace(key, leaf.pkcs8Pem());
    }

    private BigInteger handshakeSerialAfterInterval() {
        clock.addAndGet(ServerTlsFiles.CHECK_INTERVAL.toNanos());
        return handshakeSerial();
    }

    /** What a handshake starting now is served: the alias chosen, then its chain. */
    private BigInteger handshakeSerial() {
        String alias = keyManager.chooseEngineServerAlias("EC", null, null);
        assertThat(alias).isNotNull();
        return keyManager.getCertificateChain(alias)[0].getSerialNumber();
    }

    private List<String> errors() {
        return log.events().stream().filter(e -> e.getLevel() == Level.ERROR)
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    private List<String> infos() {
        return log.events().stream().filter(e -> e.getLevel() == Level.INFO)
                .map(ILoggingEvent::getFormattedMessage).toList();
    }
}
