package io.halkyon.plugin.host;

import static io.halkyon.plugin.host.PluginFilesForTests.install;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.halkyon.plugin.api.Plugin;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak (profile {@code soak} only): {@code soak.cycles} start/kill cycles of a real SDK
 * plugin, {@code soak.parallel} at a time, alternating a graceful kill() and a SIGKILL from
 * outside; then {@code soak.restarts} SIGKILLs of a supervised plugin, each followed by its
 * restart. Before and after (after a settle period): live threads, open file descriptors and
 * child processes. Prints one {@code SOAK ...} line; fails on leftover processes or growth.
 */
class PluginSoakIT {

    private static final int CYCLES = Integer.getInteger("soak.cycles", 1000);
    private static final int PARALLEL = Integer.getInteger("soak.parallel", 2);
    private static final int RESTARTS = Integer.getInteger("soak.restarts", Math.max(5, CYCLES / 40));
    /** Threads and fds the JVM may legitimately add (lazily started pools, a logger...). */
    private static final int TOLERANCE = 5;
    private static final Duration SETTLE = Duration.ofSeconds(90);

    @Test
    void startKillCyclesLeaveNothingBehind(@TempDir Path dir) throws Exception {
        PluginClientConfig config = Scenarios.config("good").name("soak").callTimeout(Duration.ofSeconds(10))
                .shutdownGrace(Duration.ofSeconds(1)).terminateGrace(Duration.ofSeconds(1)).build();
        cycle(config, 0);
        cycle(config, 1); // warm-up: classes loaded, shared pools started
        int threadsBefore = threads();
        long fdsBefore = fds();
        long socketDirsBefore = socketDirs();
        long start = System.nanoTime();

        ExecutorService workers = Executors.newFixedThreadPool(PARALLEL);
        AtomicInteger done = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < CYCLES; i++) {
            int n = i;
            futures.add(workers.submit(() -> {
                cycle(config, n);
                int d = done.incrementAndGet();
                if (d % 100 == 0) {
                    System.out.printf("soak: %d/%d cycles, %d threads, %d fds%n", d, CYCLES, threads(), fds());
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        workers.shutdown();
        int restarts = supervisedRestarts(dir);

        long leftover = awaitNoChildren();
        await().atMost(SETTLE).pollInterval(Duration.ofSeconds(1))
                .until(() -> threads() <= threadsBefore + TOLERANCE && fds() <= fdsBefore + TOLERANCE);
        int threadsAfter = threads();
        long fdsAfter = fds();
        long elapsed = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        System.out.printf("SOAK cycles=%d leftover_processes=%d threads_before=%d threads_after=%d fds_before=%d"
                        + " fds_after=%d elapsed_s=%d supervised_restarts=%d socket_dirs_before=%d socket_dirs_after=%d%n",
                CYCLES, leftover, threadsBefore, threadsAfter, fdsBefore, fdsAfter, elapsed, restarts,
                socketDirsBefore, socketDirs());
        assertThat(leftover).isZero();
        assertThat(threadsAfter).isLessThanOrEqualTo(threadsBefore + TOLERANCE);
        assertThat(fdsAfter).isLessThanOrEqualTo(fdsBefore + TOLERANCE);
    }

    /** Start, one call, then a graceful kill (even cycles) or a SIGKILL from outside (odd ones). */
    private static void cycle(PluginClientConfig config, int n) throws InterruptedException {
        PluginClient client = PluginClient.start(config);
        try {
            assertThat(CapabilityPlugins.dispense(client).checkValidity(PluginCallsTest.capability("soak"))).isEmpty();
            if (n % 2 == 1) {
                ProcessHandle.of(client.pid().getAsLong()).ifPresent(ProcessHandle::destroyForcibly);
                await().atMost(Duration.ofSeconds(30)).until(() -> client.state() == PluginState.FAILED);
            }
        } finally {
            client.kill();
        }
    }

    /** A supervised plugin SIGKILLed again and again: each time restarted, on the same handle and proxy. */
    private static int supervisedRestarts(Path dir) throws IOException {
        install(dir, "victim", Scenarios.script("good"));
        PluginClientConfig template = PluginClientConfig.builder().startTimeout(Scenarios.START_TIMEOUT)
                .shutdownGrace(Duration.ofSeconds(1)).terminateGrace(Duration.ofSeconds(1)).build();
        RestartPolicy policy = RestartPolicy.builder().initialBackoff(Duration.ofMillis(50))
                .maxBackoff(Duration.ofMillis(50)).crashLoop(Integer.MAX_VALUE, Duration.ofMinutes(1)).build();
        try (PluginManager manager = PluginManager.builder(template).restartPolicy(policy)
                .healthChecks(HealthCheckPolicy.every(Duration.ofMillis(500), Duration.ofSeconds(1), 3)).build()) {
            PluginHandle handle = manager.loadDirectory(dir).get(0);
            Plugin proxy = handle.plugin().orElseThrow();
            for (int i = 1; i <= RESTARTS; i++) {
                long pid = handle.pid().getAsLong();
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                int expected = i;
                await().atMost(Duration.ofSeconds(60)).until(() -> handle.restartCount() >= expected
                        && handle.state() == PluginState.RUNNING);
                assertThat(proxy.checkValidity(PluginCallsTest.capability("soak"))).isEmpty();
            }
            return handle.restartCount();
        }
    }

    private static long awaitNoChildren() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (children() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        long left = children();
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        return left;
    }

    private static long children() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count();
    }

    private static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    private static long fds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /** The SDK's socket directories in the temp directory (other processes' included): reported, not asserted. */
    private static long socketDirs() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("plugin") && Files.isDirectory(p)).count();
        }
    }
}
