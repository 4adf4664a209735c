package io.halkyon.examples.postgres.bench;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilitySpec;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.host.CapabilityPlugins;
import io.halkyon.plugin.host.PluginClient;
import io.halkyon.plugin.host.PluginClientConfig;
import io.halkyon.plugin.host.PluginManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Build call figures, each beside a raw gRPC health check on the same plugin socket in the same run:
 * one caller's p50/p99 and calls/s with {@code bench.threads} (16) callers on one client, for a
 * {@link PluginClient} and for a supervised plugin of a {@link PluginManager}. Not a test: a tool.
 * Run (after an install): {@code java -cp <test classpath> ...CallThroughputBenchmark target/postgres-capability.jar}.
 */
public final class CallThroughputBenchmark {

    private static final int THREADS = Integer.getInteger("bench.threads", 16);
    private static final int CALLS = Integer.getInteger("bench.calls", 5000);
    private static final long SECONDS = Long.getLong("bench.seconds", 3);
    private static final boolean SUPERVISED = Boolean.parseBoolean(System.getProperty("bench.supervised", "true"));

    /** JVM options for the plugin (JAVA_TOOL_OPTIONS), e.g. to record it with JFR. */
    private static final String PLUGIN_JVM = System.getProperty("bench.pluginJvm", "");

    private CallThroughputBenchmark() {
    }

    private static PluginClientConfig config(Path jar) {
        PluginClientConfig.Builder config = PluginClientConfig.builder().executable(jar);
        if (!PLUGIN_JVM.isBlank()) {
            config.env("JAVA_TOOL_OPTIONS", PLUGIN_JVM);
        }
        return config.build();
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "target/postgres-capability.jar").toAbsolutePath();
        Capability owner = Capability.of("bench", "default", new CapabilitySpec("database", "postgres", "16", List.of()));
        try (PluginClient client = PluginClient.start(config(jar))) {
            DependentResource sts = CapabilityPlugins.dispense(client).readyFor(owner).get(1);
            ManagedChannel raw = Grpc.newChannelBuilder(target(client), InsecureChannelCredentials.create()).build();
            try {
                run("client", sts, raw);
            } finally {
                raw.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
        if (SUPERVISED) {
            Path dir = Files.createTempDirectory("bench-plugins");
            Path link = Files.createSymbolicLink(dir.resolve("postgres-capability.jar"), jar);
            try (PluginManager manager = new PluginManager(config(jar))) {
                manager.loadDirectory(dir);
                Plugin plugin = manager.registry().require("database", "postgres", "16");
                DependentResource sts = plugin.readyFor(owner).get(1);
                run("supervised", sts, null);
            } finally {
                Files.deleteIfExists(link);
                Files.deleteIfExists(dir);
            }
        }
    }

    private static void run(String label, DependentResource sts, ManagedChannel raw) throws Exception {
        HealthGrpc.HealthBlockingStub health = raw == null ? null : HealthGrpc.newBlockingStub(raw);
        HealthCheckRequest request = HealthCheckRequest.newBuilder().setService("plugin").build();
        Runnable build = sts::build;
        Runnable ping = health == null ? null : () -> health.check(request);
        for (int round = 0; round < 2; round++) { // the first is warm-up
            long[] b = latencies(build);
            long[] p = ping == null ? null : latencies(ping);
            double bps = throughput(build);
            double pps = ping == null ? 0 : throughput(ping);
            if (round == 1) {
                System.out.printf("%s: build p50 %.0f us p99 %.0f us, %d callers %.0f calls/s%n", label,
                        pct(b, 50) / 1e3, pct(b, 99) / 1e3, THREADS, bps);
                if (p != null) {
                    System.out.printf("%s: health p50 %.0f us p99 %.0f us, %d callers %.0f calls/s; p50 ratio %.2f,"
                                    + " calls/s ratio %.2f%n", label, pct(p, 50) / 1e3, pct(p, 99) / 1e3, THREADS, pps,
                            pct(b, 50) / pct(p, 50), bps / pps);
                }
            }
        }
    }

    private static long[] latencies(Runnable call) {
        long[] out = new long[CALLS];
        for (int i = 0; i < CALLS; i++) {
            long t0 = System.nanoTime();
            call.run();
            out[i] = System.nanoTime() - t0;
        }
        return out;
    }

    private static double throughput(Runnable call) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        long end = 0;
        Thread[] threads = new Thread[THREADS];
        for (int t = 0; t < THREADS; t++) {
            threads[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                long stop = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
                long n = 0;
                while (System.nanoTime() < stop) {
                    call.run();
                    n++;
                }
                done.addAndGet(n);
            });
            threads[t].start();
        }
        long t0 = System.nanoTime();
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        end = System.nanoTime();
        return done.get() / ((end - t0) / 1e9);
    }

    private static String target(PluginClient client) {
        return "unix".equals(client.network()) ? "unix:" + client.address() : client.address();
    }

    private static double pct(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
    }
}
