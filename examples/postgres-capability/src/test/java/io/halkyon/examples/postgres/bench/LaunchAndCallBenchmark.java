package io.halkyon.examples.postgres.bench;

import io.halkyon.plugin.host.CapabilityPlugins;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilitySpec;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.host.PluginClient;
import io.halkyon.plugin.host.PluginClientConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Prints launch and call figures for the postgres example plugin, each next to a baseline
 * measured in the same run on the same machine:
 * <ul>
 *   <li>launch to ready ({@code PluginClient.start}: process start, handshake, connect,
 *       health, GetInfo) against a bare JVM printing its first line;</li>
 *   <li>one {@code Build} round trip through the {@code Plugin} proxy (owner serialized,
 *       remote call, object deserialized) against a raw gRPC health check on a plain
 *       channel to the same plugin's socket.</li>
 * </ul>
 * Run: {@code ./mvnw -B -q -DskipTests install && ./mvnw -B -q -pl examples/postgres-capability -Pbench verify}.
 */
public final class LaunchAndCallBenchmark {

    private static final int LAUNCHES = Integer.getInteger("bench.launches", 7);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 3000);
    private static final int CALLS = Integer.getInteger("bench.calls", 5000);

    private LaunchAndCallBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "target/postgres-capability.jar");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        long[] baselineLaunch = new long[LAUNCHES];
        long[] pluginLaunch = new long[LAUNCHES];
        for (int i = 0; i < LAUNCHES; i++) {
            baselineLaunch[i] = bareJvmFirstLine(java);
            long start = System.nanoTime();
            try (PluginClient client = PluginClient.start(PluginClientConfig.builder().executable(jar).build())) {
                pluginLaunch[i] = System.nanoTime() - start;
            }
        }

        try (PluginClient client = PluginClient.start(PluginClientConfig.builder().executable(jar).build())) {
            Capability owner = Capability.of("bench", "default", new CapabilitySpec("database", "postgres", "16", List.of()));
            DependentResource statefulSet = CapabilityPlugins.dispense(client).readyFor(owner).get(1);
            ManagedChannel raw = Grpc.newChannelBuilder(target(client), InsecureChannelCredentials.create()).build();
            try {
                HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(raw);
                HealthCheckRequest request = HealthCheckRequest.newBuilder().setService("plugin").build();
                for (int i = 0; i < WARMUP; i++) {
                    statefulSet.build();
                    health.check(request);
                }
                long[] build = new long[CALLS];
                long[] ping = new long[CALLS];
                for (int i = 0; i < CALLS; i++) {
                    long t0 = System.nanoTime();
                    statefulSet.build();
                    long t1 = System.nanoTime();
                    health.check(request);
                    long t2 = System.nanoTime();
                    build[i] = t1 - t0;
                    ping[i] = t2 - t1;
                }
                report(baselineLaunch, pluginLaunch, ping, build);
            } finally {
                raw.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private static String target(PluginClient client) {
        return "unix".equals(client.network()) ? "unix:" + client.address() : client.address();
    }

    private static long bareJvmFirstLine(String java) throws Exception {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                HelloMain.class.getName()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            out.readLine();
            long elapsed = System.nanoTime() - start;
            process.getOutputStream().close();
            process.waitFor(10, TimeUnit.SECONDS);
            return elapsed;
        } finally {
            process.destroyForcibly();
        }
    }

    private static void report(long[] baselineLaunch, long[] pluginLaunch, long[] ping, long[] build) {
        double jvm = percentile(baselineLaunch, 50) / 1e6;
        double launch = percentile(pluginLaunch, 50) / 1e6;
        double ping50 = percentile(ping, 50) / 1e3;
        double build50 = percentile(build, 50) / 1e3;
        System.out.printf("launch to ready (median of %d): %.0f ms; bare JVM to first line: %.0f ms; ratio %.2f%n",
                LAUNCHES, launch, jvm, launch / jvm);
        System.out.printf("Build round trip (%d calls after %d warm-up): p50 %.0f us, p99 %.0f us; "
                        + "raw gRPC health check on the same socket: p50 %.0f us, p99 %.0f us; p50 ratio %.2f%n",
                CALLS, WARMUP, build50, percentile(build, 99) / 1e3, ping50, percentile(ping, 99) / 1e3, build50 / ping50);
    }

    private static double percentile(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
    }
}
