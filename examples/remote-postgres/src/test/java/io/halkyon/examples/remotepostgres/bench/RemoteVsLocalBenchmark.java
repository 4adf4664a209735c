package io.halkyon.examples.remotepostgres.bench;

import io.halkyon.examples.remotepostgres.PluginRun;
import io.halkyon.examples.remotepostgres.ProcessRun;
import io.halkyon.examples.remotepostgres.TestTls;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilitySpec;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.api.PluginUnavailableException;
import io.halkyon.plugin.host.CapabilityPlugins;
import io.halkyon.plugin.host.PluginClient;
import io.halkyon.plugin.host.PluginClientConfig;
import io.halkyon.plugin.host.remote.PeerIdentity;
import io.halkyon.plugin.host.remote.RemoteAccess;
import io.halkyon.plugin.host.remote.RemotePlugin;
import io.halkyon.plugin.host.remote.RemotePluginServer;
import io.halkyon.plugin.host.remote.RemotePluginServerConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prints what running the postgres example plugin remotely costs against running it as a child
 * process, measured in one run, in one JVM, on the same machine:
 * <ul>
 *   <li>one {@code Build} round trip (the StatefulSet dependent, through the {@code Plugin} proxy:
 *       owner serialized, call, object deserialized) to the plugin as a child process
 *       ({@code PluginClient}: a unix socket, as the operator runs plugins, and with AutoMTLS), and to
 *       the same plugin as a remote plugin process ({@code remote-postgres.jar}) registered with a
 *       {@code RemotePluginServer} over TLS on loopback; calls interleaved, p50 and p99, and the ratios;</li>
 *   <li>failover: two remote replicas, one killed with SIGKILL, the time from the signal to the first
 *       {@code Build} answered (calls failing as unavailable meanwhile are retried at once: only the
 *       other replica can answer), and to the operator side dropping the killed replica; repeated.</li>
 * </ul>
 * Every plugin JVM runs with default flags, as the operator launches a plugin jar.
 * Run: {@code ./mvnw -B -q -DskipTests install && ./mvnw -B -q -pl examples/remote-postgres -Pbench verify}.
 */
public final class RemoteVsLocalBenchmark {

    private static final int WARMUP = Integer.getInteger("bench.warmup", 2000);
    private static final int CALLS = Integer.getInteger("bench.calls", 2000);
    private static final int FAILOVERS = Integer.getInteger("bench.failovers", 20);
    private static final String TOKEN = "bench-token";
    private static final Capability OWNER = Capability.of("bench", "default",
            new CapabilitySpec("database", "postgres", "16", List.of()));

    private RemoteVsLocalBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path childJar = Path.of(args.length > 0 ? args[0] : "target/plugins/postgres-capability.jar");
        Path remoteJar = Path.of(args.length > 1 ? args[1] : "target/remote-postgres.jar");
        Path dir = Files.createTempDirectory("remote-vs-local");
        TestTls tls = TestTls.write(dir);
        Path token = Files.writeString(dir.resolve("token"), TOKEN);
        List<ProcessRun> replicas = new ArrayList<>();
        try (PluginClient child = PluginClient.start(PluginClientConfig.builder().executable(childJar).build());
             PluginClient childMtls = PluginClient.start(PluginClientConfig.builder().executable(childJar).autoMtls(true)
                     .build());
             RemotePluginServer server = RemotePluginServer.start(RemotePluginServerConfig.builder(
                             RemoteAccess.tokens(Map.of(TOKEN, PeerIdentity.of("system:serviceaccount:bench:postgres"))))
                     .address(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).tls(tls.cert(), tls.key())
                     .build())) {
            replicas.add(PluginRun.start(remoteJar, List.of(), server.port(), token, tls.cert()));
            RemotePlugin remote = awaitReplicas(server, 1);
            DependentResource[] targets = {
                statefulSet(CapabilityPlugins.dispense(child)),
                statefulSet(CapabilityPlugins.dispense(childMtls)),
                statefulSet(remote.plugin().orElseThrow())
            };
            long[][] times = roundTrips(targets);
            report(times, child.network());

            replicas.add(PluginRun.start(remoteJar, List.of(), server.port(), token, tls.cert()));
            awaitReplicas(server, 2);
            failovers(server, remote, replicas, () -> PluginRun.start(remoteJar, List.of(), server.port(), token,
                    tls.cert()));
        } finally {
            for (ProcessRun replica : replicas) {
                replica.close();
            }
            for (Path file : List.of(tls.cert(), tls.key(), token, dir)) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static DependentResource statefulSet(Plugin plugin) {
        return plugin.readyFor(OWNER).get(1);
    }

    /** Interleaved calls, the order rotating each round, so the targets share the machine's noise alike. */
    private static long[][] roundTrips(DependentResource[] targets) {
        for (int i = 0; i < WARMUP; i++) {
            for (DependentResource target : targets) {
                target.build();
            }
        }
        long[][] times = new long[targets.length][CALLS];
        for (int i = 0; i < CALLS; i++) {
            for (int k = 0; k < targets.length; k++) {
                int t = (i + k) % targets.length;
                long start = System.nanoTime();
                targets[t].build();
                times[t][i] = System.nanoTime() - start;
            }
        }
        return times;
    }

    private interface Launcher {
        ProcessRun start() throws Exception;
    }

    /**
     * Each round: SIGKILL one of two replicas (the signal only: its JVM takes a while to die, and its
     * connection closes only then), and a caller building at once and on, retrying a call that fails
     * as unavailable at once, until the server dropped the killed replica.
     */
    private static void failovers(RemotePluginServer server, RemotePlugin remote, List<ProcessRun> replicas,
                                  Launcher launcher) throws Exception {
        DependentResource target = statefulSet(remote.plugin().orElseThrow());
        AtomicLong dropped = new AtomicLong();
        server.plugins().addRegistryListener(registry -> {
            if (remote.connectionCount() == 1) {
                dropped.compareAndSet(0, System.nanoTime());
            }
        });
        long[] noticed = new long[FAILOVERS];
        List<Long> rerouted = new ArrayList<>();
        long longest = 0;
        int failed = 0;
        for (int round = 0; round < FAILOVERS; round++) {
            for (int i = 0; i < 50; i++) {
                target.build(); // both replicas warm and connected
            }
            ProcessRun victim = replicas.remove(0);
            dropped.set(0);
            long start = System.nanoTime();
            ProcessHandle.of(victim.pid()).ifPresent(ProcessHandle::destroyForcibly);
            long deadline = start + 30_000_000_000L;
            long servedAfterFailure = -1;
            boolean failedThisRound = false;
            while (dropped.get() == 0 || failedThisRound && servedAfterFailure < 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("round " + round + ": no failover within 30 s");
                }
                long call = System.nanoTime();
                try {
                    target.build();
                    if (failedThisRound && servedAfterFailure < 0) {
                        servedAfterFailure = System.nanoTime() - start;
                    }
                } catch (PluginUnavailableException e) {
                    failed++;
                    failedThisRound = true;
                }
                longest = Math.max(longest, System.nanoTime() - call);
            }
            noticed[round] = dropped.get() - start;
            if (servedAfterFailure >= 0) {
                rerouted.add(servedAfterFailure);
            }
            victim.close();
            replicas.add(launcher.start());
            awaitReplicas(server, 2);
        }
        System.out.printf("failover, %d rounds of SIGKILL to one of 2 replicas with a caller building on:%n", FAILOVERS);
        System.out.printf("  killed replica dropped by the server: p50 %.1f ms, max %.1f ms after the signal%n",
                percentile(noticed, 50) / 1e6, percentile(noticed, 100) / 1e6);
        long[] served = rerouted.stream().mapToLong(Long::longValue).toArray();
        System.out.printf("  a Build sent to the killed replica failed (unavailable, retried at once) in %d rounds;"
                + " first Build answered by the other: p50 %.1f ms, max %.1f ms after the signal%n", served.length,
                served.length == 0 ? 0 : percentile(served, 50) / 1e6, served.length == 0 ? 0 : percentile(served, 100) / 1e6);
        System.out.printf("  failed Builds in all: %d; longest single Build (failed or answered): %.1f ms%n", failed,
                longest / 1e6);
    }

    private static RemotePlugin awaitReplicas(RemotePluginServer server, int replicas) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            RemotePlugin plugin = server.plugins().get("postgres").orElse(null);
            if (plugin != null && plugin.connectionCount() == replicas && plugin.plugin().isPresent()) {
                return plugin;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("remote plugin 'postgres' did not get " + replicas + " replica(s) within 60 s");
    }

    private static void report(long[][] times, String childNetwork) {
        String[] names = {"child process (" + childNetwork + " socket, plaintext)", "child process (AutoMTLS)",
            "remote plugin (TLS over loopback, 1 replica)"};
        for (int t = 0; t < times.length; t++) {
            System.out.printf("Build round trip, %s: p50 %.0f us, p99 %.0f us (%d calls after %d warm-up)%n", names[t],
                    percentile(times[t], 50) / 1e3, percentile(times[t], 99) / 1e3, CALLS, WARMUP);
        }
        System.out.printf("remote / child process ratio: p50 %.2f, p99 %.2f; remote / child AutoMTLS: p50 %.2f, p99 %.2f%n",
                percentile(times[2], 50) / percentile(times[0], 50), percentile(times[2], 99) / percentile(times[0], 99),
                percentile(times[2], 50) / percentile(times[1], 50), percentile(times[2], 99) / percentile(times[1], 99));
    }

    private static double percentile(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
    }
}
