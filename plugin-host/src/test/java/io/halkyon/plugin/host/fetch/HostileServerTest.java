package io.halkyon.plugin.host.fetch;

import static io.halkyon.plugin.host.fetch.Tarballs.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.halkyon.plugin.host.LogCapture;
import io.halkyon.plugin.host.fetch.FetchResult.Status;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sources that misbehave on purpose: endless bodies where a checksums file or an artifact is
 * expected, bodies behind errors and redirects, redirects to where plain http may not go, endless
 * headers. Every read is bounded, nothing unwanted is read, and the client keeps working.
 */
class HostileServerTest {

    private static final byte[] JAR = "PK\u0003\u0004 pretend".getBytes(StandardCharsets.ISO_8859_1);

    @TempDir
    Path tmp;
    private ArtifactServer server;
    private PluginFetcher fetcher;

    @BeforeEach
    void start() throws IOException {
        server = new ArtifactServer();
        // Long enough that a body read to its (never coming) end would show as a timeout instead.
        fetcher = new PluginFetcher(tmp.resolve("plugins"), PluginFetchConfig.builder()
                .releaseUrlTemplate(server.url("/{owner}/{repo}/{tag}/p.jar")).attempts(2)
                .initialBackoff(Duration.ofMillis(10)).attemptTimeout(Duration.ofSeconds(30))
                .maxTextSize(64 * 1024).maxArtifactSize(256 * 1024).build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private FetchResult fetch(String reference) {
        return fetcher.fetchAll(List.of(reference)).get(0);
    }

    @Test
    void anEndlessChecksumsFileIsCutAtMaxTextSizeAndTheClientKeepsWorking() throws Exception {
        server.serve("/acme/pg/v1/checksums.txt", server.endless(200, null)).serve("/acme/pg/v1/p.jar", JAR);

        FetchResult result = fetch("acme/pg@v1");

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.failure()).get().asString().contains("plugin reference 'acme/pg@v1'")
                .contains(server.url("/acme/pg/v1/checksums.txt") + " is larger than the limit of 64.0 KiB"
                        + " (PluginFetchConfig.maxTextSize)");
        assertThat(server.requests()).as("a limit is not retried").containsExactly("/acme/pg/v1/checksums.txt");
        await().atMost(Duration.ofSeconds(10)).until(() -> server.hungUp() == 1);

        server.serve("/acme/pg/v2/checksums.txt", (sha256(JAR) + "  p.jar\n").getBytes(StandardCharsets.UTF_8))
                .serve("/acme/pg/v2/p.jar", JAR);
        assertThat(fetch("acme/pg@v2").status()).as("the same client, still working").isEqualTo(Status.FETCHED);
    }

    @Test
    void aChecksumsFileAnnouncedTooLargeIsRefusedUnread() {
        server.serve("/acme/pg/v1/checksums.txt", new byte[100 * 1024]).serve("/acme/pg/v1/p.jar", JAR);

        FetchResult result = fetch("acme/pg@v1");

        assertThat(result.failure()).get().asString().contains("checksums.txt announces 100.0 KiB, more than the limit"
                + " of 64.0 KiB (PluginFetchConfig.maxTextSize)");
    }

    @Test
    void aChecksumsFileBuiltToMakeParsingBacktrackIsReadInLinearTime() throws Exception {
        // A quadratic parse of this line would outlast the run's total timeout, and the reference fail.
        String trap = "f".repeat(64) + " a" + " ".repeat(900_000) + "b\n";
        server.serve("/acme/pg/v1/checksums.txt", (trap + sha256(JAR) + "  p.jar\n").getBytes(StandardCharsets.UTF_8))
                .serve("/acme/pg/v1/p.jar", JAR);
        PluginFetcher lenient = new PluginFetcher(tmp.resolve("plugins"), PluginFetchConfig.builder()
                .releaseUrlTemplate(server.url("/{owner}/{repo}/{tag}/p.jar")).totalTimeout(Duration.ofSeconds(60))
                .build());

        FetchResult result = lenient.fetchAll(List.of("acme/pg@v1")).get(0);

        assertThat(result.status()).as("%s", result).isEqualTo(Status.FETCHED);
    }

    @Test
    void anEndlessArtifactIsCutAtMaxArtifactSizeAndLeavesNothing() {
        server.serve("/dl/p.jar", server.endless(200, null));

        FetchResult result = fetch(server.url("/dl/p.jar"));

        assertThat(result.failure()).get().asString().contains(server.url("/dl/p.jar")
                + " is larger than the limit of 256.0 KiB (PluginFetchConfig.maxArtifactSize)");
        assertThat(server.requests()).hasSize(1);
        PluginsDir dir = new PluginsDir(tmp.resolve("plugins"));
        assertThat(dir.visibleEntries()).isEmpty();
        assertThat(dir.leftovers()).isEmpty();
    }

    @Test
    void theBodyOfAnErrorIsNeverRead() {
        server.serve("/dl/p.jar", server.endless(404, null));

        FetchResult result = fetch(server.url("/dl/p.jar"));

        assertThat(result.failure()).get().asString().contains("returned HTTP 404").doesNotContain("did not finish");
        await().atMost(Duration.ofSeconds(10)).until(() -> server.hungUp() == 1);
    }

    @Test
    void aRedirectIsCheckedBeforeItsBodyIsReadAndTheRefusalSaysWhereItPointed() {
        server.serve("/dl/p.jar", server.endless(302, "http://10.1.2.3:8080/x.jar"));

        FetchResult result = fetch(server.url("/dl/p.jar"));

        assertThat(result.failure()).get().asString()
                .contains("the redirect from " + server.url("/dl/p.jar") + " to http://10.1.2.3:8080/x.jar refused")
                .contains("plain http:// is fetched only from loopback addresses and '10.1.2.3' resolves to [10.1.2.3]")
                .doesNotContain("did not finish");
        assertThat(server.requests()).containsExactly("/dl/p.jar");
        await().atMost(Duration.ofSeconds(10)).until(() -> server.hungUp() == 1);
    }

    @Test
    void redirectsAreFollowedFiveTimesAtMost() {
        for (int i = 0; i < 7; i++) {
            server.serve("/r/" + i, ArtifactServer.redirect("/r/" + (i + 1)));
        }

        FetchResult result = fetch(server.url("/r/0"));

        assertThat(result.failure()).get().asString().contains("redirected more than 5 times; the last pointed to '/r/6'");
        assertThat(server.requests()).hasSize(6);
    }

    @Test
    void aRedirectToAPathWithControlCharactersIsRefusedAndNothingIsLoggedRaw() {
        server.serve("/dl/p.jar", ArtifactServer.redirect("/x%0AERROR%20forged%20line.jar"));
        try (LogCapture log = new LogCapture("io.halkyon.plugin.host.fetch")) {
            FetchResult result = fetch(server.url("/dl/p.jar"));

            assertThat(result.failure()).get().asString().contains("/x%0AERROR%20forged%20line.jar refused: it holds"
                    + " control characters");
            assertThat(log.messages()).isNotEmpty().noneMatch(m -> m.contains("\n"));
        }
    }

    @Test
    void endlessResponseHeadersFailTheRequestAndTheClientKeepsWorking() throws Exception {
        ServerSocket raw = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        Thread acceptor = new Thread(() -> {
            while (!raw.isClosed()) {
                try {
                    Socket s = raw.accept();
                    accepted.add(s);
                    Thread writer = new Thread(() -> endlessHeaders(s));
                    threads.add(writer);
                    writer.start();
                } catch (IOException e) {
                    // the test closed the server
                }
            }
        });
        acceptor.start();
        try {
            FetchResult result = fetch("http://127.0.0.1:" + raw.getLocalPort() + "/p.jar");

            assertThat(result.status()).isEqualTo(Status.FAILED);
            assertThat(result.failure()).get().asString().contains("failed: ").doesNotContain("did not finish");
        } finally {
            raw.close();
            for (Socket s : accepted) {
                s.close();
            }
            acceptor.join(10_000);
            for (Thread t : threads) {
                t.join(10_000);
            }
        }
        server.serve("/dl/p.jar", JAR);
        assertThat(fetch(server.url("/dl/p.jar")).status()).isEqualTo(Status.FETCHED);
    }

    private static void endlessHeaders(Socket s) {
        try (OutputStream out = s.getOutputStream()) {
            s.getInputStream().read(new byte[4096]);
            out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] header = ("X-Junk: " + "a".repeat(1000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            while (true) {
                out.write(header);
            }
        } catch (IOException e) {
            // the client hung up, or the test closed the socket
        }
    }
}
