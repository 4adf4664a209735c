package io.halkyon.plugin.host.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import ch.qos.logback.classic.Level;
import io.grpc.Server;
import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSsl;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.halkyon.plugin.host.LogCapture;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A gRPC server on {@link ServerTlsFiles#sslContext()}, with both TLS engines netty offers, and
 * clients that trust only the test CA: what a new connection is served after the files change.
 * The clock is the test's: advancing it past {@link ServerTlsFiles#CHECK_INTERVAL} replaces sleeping.
 */
class ServerTlsFilesGrpcTest {

    @TempDir
    Path dir;
    private final TestPki pki = new TestPki();
    private final TestPki.Leaf first = pki.issue("EC");
    private final TestPki.Leaf second = pki.issue("EC");
    private final AtomicLong clock = new AtomicLong();
    private Server server;

    @AfterEach
    void stop() throws InterruptedException {
        HealthOverTls.stop(server);
    }

    @ParameterizedTest
    @CsvSource({"OPENSSL,EC,TLSv1.3", "OPENSSL,EC,TLSv1.2", "OPENSSL,RSA,TLSv1.3", "OPENSSL,RSA,TLSv1.2",
            "JDK,EC,TLSv1.3", "JDK,EC,TLSv1.2", "JDK,RSA,TLSv1.3", "JDK,RSA,TLSv1.2"})
    void answersAClientTrustingTheCaWithTheWholeChain(SslProvider provider, String keyType, String protocol)
            throws Exception {
        TestPki.Leaf leaf = pki.issue(keyType);
        Path[] files = write(leaf);
        start(provider, files);
        assertThat(HealthOverTls.servedChain(server, pki.ca(), protocol)).containsExactly(leaf.certificate(), pki.ca());
    }

    /** New files written next to the old, then renamed over them (what an admin or script should do). */
    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void aNewConnectionSeesFilesMovedIntoPlace(SslProvider provider) throws Exception {
        Path[] files = write(first);
        start(provider, files);
        assertThat(servedSerial()).isEqualTo(first.serial());

        TestPki.replace(files[0], second.chainPem());
        TestPki.replace(files[1], second.pkcs8Pem());
        assertThat(servedSerial()).as("within the check interval").isEqualTo(first.serial());
        clock.addAndGet(ServerTlsFiles.CHECK_INTERVAL.toNanos());
        assertThat(servedSerial()).isEqualTo(second.serial());
    }

    /**
     * A Secret volume as the kubelet lays it out: {@code tls.crt -> ..data/tls.crt}, {@code ..data
     * -> ..<version>}; an update writes a new version directory and renames a new {@code ..data}
     * link over the old. The new files are given the old ones' sizes (padding after the PEM
     * blocks) and modification times: only the real path (and inode) can tell them apart.
     */
    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void aNewConnectionSeesTheKubeletsSymlinkSwap(SslProvider provider) throws Exception {
        String[] names = {"tls.crt", "tls.key"};
        String[] firstText = {first.chainPem(), first.pkcs8Pem()};
        String[] secondText = {second.chainPem(), second.pkcs8Pem()};
        for (int i = 0; i < 2; i++) {
            int length = Math.max(firstText[i].length(), secondText[i].length());
            firstText[i] += "\n".repeat(length - firstText[i].length());
            secondText[i] += "\n".repeat(length - secondText[i].length());
        }
        Path v1 = versionDirectory("..2026_01_01_00_00_00.1", names, firstText);
        Files.createSymbolicLink(dir.resolve("..data"), v1.getFileName());
        Path cert = Files.createSymbolicLink(dir.resolve("tls.crt"), Path.of("..data", "tls.crt"));
        Path key = Files.createSymbolicLink(dir.resolve("tls.key"), Path.of("..data", "tls.key"));
        start(provider, new Path[] {cert, key});
        assertThat(servedSerial()).isEqualTo(first.serial());

        Path v2 = versionDirectory("..2026_02_01_00_00_00.2", names, secondText);
        for (String name : names) {
            Files.setLastModifiedTime(v2.resolve(name), Files.getLastModifiedTime(v1.resolve(name)));
            assertThat(Files.size(v2.resolve(name))).isEqualTo(Files.size(v1.resolve(name)));
        }
        Path newLink = Files.createSymbolicLink(dir.resolve("..data_tmp"), v2.getFileName());
        Files.move(newLink, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
        assertThat(cert.toRealPath()).isEqualTo(v2.resolve("tls.crt").toRealPath());

        clock.addAndGet(ServerTlsFiles.CHECK_INTERVAL.toNanos());
        assertThat(servedSerial()).isEqualTo(second.serial());
    }

    /**
     * A certificate written in place, caught half-way: logged once (not at every handshake or
     * check), the old certificate is served meanwhile, and the finished file is served after.
     */
    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void aHalfWrittenCertificateKeepsTheOldOneServed(SslProvider provider) throws Exception {
        Path[] files = write(first);
        start(provider, files);
        try (LogCapture log = new LogCapture(ServerTlsFiles.class.getName())) {
            String chain = second.chainPem();
            Files.writeString(files[0], chain.substring(0, chain.length() / 3)); // within the first block
            for (int i = 0; i < 2; i++) {
                clock.addAndGet(ServerTlsFiles.CHECK_INTERVAL.toNanos());
                assertThat(servedSerial()).isEqualTo(first.serial());
            }
            assertThat(log.events()).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.ERROR);
                assertThat(event.getFormattedMessage()).contains(files[0].toString(), files[1].toString(),
                        "not valid PEM", "new connections keep getting", "serial " + first.serial().toString(16));
            });

            Files.writeString(files[0], chain);
            TestPki.replace(files[1], second.pkcs8Pem());
            clock.addAndGet(ServerTlsFiles.CHECK_INTERVAL.toNanos());
            assertThat(servedSerial()).isEqualTo(second.serial());
            assertThat(log.events()).last().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.INFO);
                assertThat(event.getFormattedMessage()).contains("serial " + second.serial().toString(16));
            });
        }
    }

    /** A new certificate whose key has not arrived yet (two files are not replaced at once). */
    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void aCertificateWithoutItsKeyKeepsTheOldOneServed(SslProvider provider) throws Exception {
        Path[] files = write(first);
        start(provider, files);
        try (LogCapture log = new LogCapture(ServerTlsFiles.class.getName())) {
            TestPki.replace(files[0], second.chainPem());
            clock.addAndGet(ServerTlsFiles.CHECK_INTERVAL.toNanos());
            assertThat(servedSerial()).isEqualTo(first.serial());
            assertThat(log.events()).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.ERROR);
                assertThat(event.getFormattedMessage()).contains(files[1].toString(), "does not match");
            });

            TestPki.replace(files[1], second.pkcs8Pem());
            clock.addAndGet(ServerTlsFiles.CHECK_INTERVAL.toNanos());
            assertThat(servedSerial()).isEqualTo(second.serial());
        }
    }

    private Path[] write(TestPki.Leaf leaf) throws Exception {
        Path cert = Files.writeString(dir.resolve("tls.crt"), leaf.chainPem());
        Path key = Files.writeString(dir.resolve("tls.key"), leaf.pkcs8Pem());
        return new Path[] {cert, key};
    }

    private Path versionDirectory(String name, String[] files, String[] texts) throws Exception {
        Path version = Files.createDirectory(dir.resolve(name));
        for (int i = 0; i < files.length; i++) {
            Files.writeString(version.resolve(files[i]), texts[i]);
        }
        return version;
    }

    private void start(SslProvider provider, Path[] files) throws Exception {
        assumeThat(provider != SslProvider.OPENSSL || OpenSsl.isAvailable()).as("netty's OpenSSL").isTrue();
        server = HealthOverTls.serve(new ServerTlsFiles(files[0], files[1], clock::get, provider).sslContext());
    }

    private BigInteger servedSerial() throws Exception {
        return HealthOverTls.servedChain(server, pki.ca()).get(0).getSerialNumber();
    }
}
