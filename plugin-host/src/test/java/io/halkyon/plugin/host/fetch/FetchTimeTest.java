package io.halkyon.plugin.host.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.halkyon.plugin.host.fetch.FetchResult.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack: a stalled server held the start for 15 minutes (3 tries of 5 minutes, one
 * reference after the other). Now each try has its own timeout, the whole run a total one,
 * references are fetched in parallel (bounded) and one failing never holds up the others.
 */
class FetchTimeTest {

    private static final byte[] JAR = "PK\u0003\u0004 pretend".getBytes(StandardCharsets.ISO_8859_1);

    @TempDir
    Path tmp;
    private ArtifactServer server;

    @BeforeEach
    void start() throws IOException {
        server = new ArtifactServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static PluginFetchConfig.Builder config() {
        return PluginFetchConfig.builder().attempts(1).initialBackoff(Duration.ofMillis(10))
                .attemptTimeout(Duration.ofSeconds(30)).totalTimeout(Duration.ofSeconds(60));
    }

    private List<FetchResult> fetchAll(PluginFetchConfig config, String... references) {
        return new PluginFetcher(tmp.resolve("plugins"), config).fetchAll(List.of(references));
    }

    @Test
    void aStalledServerHitsTheAttemptTimeoutOnEveryTry() {
        server.serve("/dl/p.jar", server.stall());

        List<FetchResult> results = fetchAll(config().attempts(2).attemptTimeout(Duration.ofMillis(300)).build(),
                server.url("/dl/p.jar"));

        assertThat(results.get(0).failure()).get().asString().contains("GET " + server.url("/dl/p.jar")
                + " did not finish within the attempt timeout of 300ms (PluginFetchConfig.attemptTimeout)");
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void aDrippingServerIsCutOffByTheAttemptTimeout() {
        server.serve("/dl/p.jar", server.drip(1024 * 1024, 20));

        List<FetchResult> results = fetchAll(config().attemptTimeout(Duration.ofMillis(500)).build(),
                server.url("/dl/p.jar"));

        assertThat(results.get(0).failure()).get().asString().contains("did not finish within the attempt timeout");
        await().atMost(Duration.ofSeconds(10)).until(() -> server.hungUp() == 1);
        assertThat(new PluginsDir(tmp.resolve("plugins")).leftovers()).isEmpty();
    }

    @Test
    void theTotalTimeoutEndsTheRunWhateverTheTriesLeftAndOthersStillLand() {
        server.serve("/dl/a.jar", server.stall()).serve("/dl/b.jar", server.stall()).serve("/dl/good.jar", JAR);

        List<FetchResult> results = fetchAll(config().attempts(3).totalTimeout(Duration.ofMillis(700)).build(),
                server.url("/dl/a.jar"), server.url("/dl/good.jar"), server.url("/dl/b.jar"));

        assertThat(results).extracting(FetchResult::status).containsExactly(Status.FAILED, Status.FETCHED,
                Status.FAILED);
        // Said by the run when it gives up on the reference, or by the reference's own try ending then.
        assertThat(results.get(0).failure()).get().asString().contains("plugin reference '" + server.url("/dl/a.jar")
                + "': ").contains(" within the total timeout of 700ms (PluginFetchConfig.totalTimeout)");
        PluginsDir dir = new PluginsDir(tmp.resolve("plugins"));
        assertThat(dir.visibleEntries()).containsExactly("good.jar");
        assertThat(dir.leftovers()).as("interrupted workers leave nothing").isEmpty();
    }

    @Test
    void referencesAreFetchedInParallel() {
        // Each answer waits for the other request: fetched one after the other, both would fail.
        CountDownLatch both = new CountDownLatch(2);
        ArtifactServer.Response meetThenAnswer = exchange -> {
            both.countDown();
            try {
                boolean met = both.await(20, TimeUnit.SECONDS);
                (met ? ArtifactServer.ok(JAR) : ArtifactServer.status(503)).send(exchange);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        server.serve("/dl/a.jar", meetThenAnswer).serve("/dl/b.jar", meetThenAnswer);

        List<FetchResult> results = fetchAll(config().build(), server.url("/dl/a.jar"), server.url("/dl/b.jar"));

        assertThat(results).extracting(FetchResult::status).containsExactly(Status.FETCHED, Status.FETCHED);
    }

    @Test
    void atMostParallelismReferencesAreFetchedAtOnce() {
        InFlight inFlight = new InFlight();
        ArtifactServer.Response counted = exchange -> {
            // Two are always in flight together; a third, were the bound not kept, would come meanwhile.
            inFlight.enter();
            inFlight.waitFor(2, 10_000);
            inFlight.waitFor(3, 500);
            inFlight.leave();
            ArtifactServer.ok(JAR).send(exchange);
        };
        for (String name : List.of("a", "b", "c", "d")) {
            server.serve("/dl/" + name + ".jar", counted);
        }

        List<FetchResult> results = fetchAll(config().parallelism(2).build(), server.url("/dl/a.jar"),
                server.url("/dl/b.jar"), server.url("/dl/c.jar"), server.url("/dl/d.jar"));

        assertThat(results).extracting(FetchResult::status).containsOnly(Status.FETCHED);
        assertThat(inFlight.max()).isEqualTo(2);
    }

    /** Requests being answered at once, and the most seen. */
    private static final class InFlight {
        private int now;
        private int max;

        synchronized void enter() {
            now++;
            max = Math.max(max, now);
            notifyAll();
        }

        /** Waits, at most {@code millis}, until {@code n} are in flight. */
        synchronized void waitFor(int n, long millis) {
            long end = System.currentTimeMillis() + millis;
            try {
                while (now < n && System.currentTimeMillis() < end) {
                    wait(Math.max(1, end - System.currentTimeMillis()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        synchronized void leave() {
            now--;
        }

        synchronized int max() {
            return max;
        }
    }
}
