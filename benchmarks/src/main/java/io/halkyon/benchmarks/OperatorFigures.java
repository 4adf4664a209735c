package io.halkyon.benchmarks;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.halkyon.operator.demo.EmbeddedDemo;
import io.halkyon.operator.embedded.EmbeddedCluster;
import io.halkyon.operator.embedded.WorkloadReadyMarker;
import io.halkyon.operator.reconcile.CapabilityOperator;
import io.halkyon.operator.reconcile.ManagedPluginSource;
import io.halkyon.operator.reconcile.OperatorSettings;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilitySpec;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.Parameter;
import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.host.PluginClientConfig;
import io.halkyon.plugin.host.PluginManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.LoggerFactory;

/**
 * The operator's figures, on the path of {@code run --embedded-cluster --mark-workloads-ready}:
 * the embedded API server (fabric8 mock, CRUD mode), a {@link PluginManager} running the example
 * postgres plugin jar from a plugins directory (the host's default settings), the operator with
 * its default settings ({@link CapabilityOperator}, as {@code EmbeddedDemo} starts it) and the
 * {@link WorkloadReadyMarker}. Each Capability has 3 dependents (Secret, StatefulSet, Service).
 * A warm-up round of Capabilities first (the operator as it runs, classes loaded and compiled,
 * watches registered). Ready is when the operator wrote the Ready status to the API server.
 * <ul>
 *   <li>{@code one_capability_ready_ms} (baseline): one Capability created, until Ready;</li>
 *   <li>{@code fifty_capabilities_ready_ms}: 50 created at once (10 threads), until all are Ready
 *       (median of the rounds);</li>
 *   <li>{@code fifty_capabilities_cpu_ms}: CPU time of one such round, this JVM (operator, API
 *       server, JIT and GC included) plus the plugin process; steadier than the wall time on a
 *       shared machine (NaN where /proc is missing);</li>
 *   <li>{@code fifty_reconciles_per_capability}: reconciliations per Capability in those rounds;</li>
 *   <li>{@code reconcile_p50_ms}: one reconciliation in steady state (every object exists and
 *       is ready), as the reconciler times it; triggered by touching a Capability's Secret;</li>
 *   <li>{@code reconcile_plugin_calls_ms} (baseline): the plugin calls of such a reconciliation
 *       alone (CheckValidity, GetDependents, the StatefulSet's Update and GetCondition);</li>
 *   <li>{@code api_get_ms} (baseline): one GET of a Secret from the embedded API server.</li>
 * </ul>
 */
public final class OperatorFigures implements Figures {

    private static final Duration ROUND_TIMEOUT = Duration.ofMinutes(2);

    @Override
    public String name() {
        return "operator";
    }

    @Override
    public void measure(Settings settings, Report report) throws Exception {
        quietLogs();
        Path jar = settings.postgresPluginJar();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the example plugin jar " + jar + " is missing: build"
                    + " examples/postgres-capability first");
        }
        Path dir = Files.createTempDirectory("hk-bench-operator");
        Files.copy(jar, dir.resolve(jar.getFileName()));
        try (PluginManager manager = PluginManager.builder(PluginClientConfig.builder().build()).build();
             EmbeddedCluster cluster = EmbeddedDemo.startCluster()) {
            manager.watch(dir, Duration.ofSeconds(2));
            ReconcileTimings timings = new ReconcileTimings();
            CapabilityOperator operator = CapabilityOperator.start(cluster.client(), new ManagedPluginSource(manager),
                    OperatorSettings.defaults(), timings);
            try (WorkloadReadyMarker marker = new WorkloadReadyMarker(cluster.client(), w -> { })) {
                measure(settings, report, cluster.client(), manager, timings);
            } finally {
                operator.close();
            }
        } finally {
            Files.deleteIfExists(dir.resolve(jar.getFileName()));
            Files.deleteIfExists(dir);
        }
    }

    private void measure(Settings settings, Report report, KubernetesClient client, PluginManager manager,
                         ReconcileTimings timings) throws Exception {
        createAndAwait(client, timings, "bench-warm", settings.pick(20, 50));
        List<Double> one = new ArrayList<>();
        for (int i = 0; i < settings.pick(3, 5); i++) {
            one.add(createAndAwait(client, timings, "bench-one-" + i, 1));
        }
        report.put("one_capability_ready_ms", median(one));

        List<Double> fifty = new ArrayList<>();
        String lastRound = null;
        int rounds = settings.pick(1, 3);
        long reconciliations = timings.reconciliations();
        double cpu = cpuMillis();
        for (int i = 0; i < rounds; i++) {
            lastRound = "bench-fifty-" + i;
            fifty.add(createAndAwait(client, timings, lastRound, 50));
        }
        report.put("fifty_capabilities_ready_ms", median(fifty));
        report.put("fifty_capabilities_cpu_ms", (cpuMillis() - cpu) / (double) rounds);
        report.put("fifty_reconciles_per_capability", (timings.reconciliations() - reconciliations) / (50.0 * rounds));

        List<Double> reconcile = new ArrayList<>();
        List<Double> pluginCalls = new ArrayList<>();
        List<Double> gets = new ArrayList<>();
        Plugin plugin = manager.registry().find("database", "postgres")
                .orElseThrow(() -> new IllegalStateException("no plugin provides database/postgres"));
        for (int i = 0; i < settings.pick(20, 100); i++) {
            String name = "db-" + (i % 50);
            reconcile.add(touchAndTime(client, timings, lastRound, name, i));
            pluginCalls.add(pluginCalls(client, plugin, lastRound, name));
            long start = System.nanoTime();
            client.secrets().inNamespace(lastRound).withName(name + "-config").get();
            gets.add(millisSince(start));
        }
        report.put("reconcile_p50_ms", median(reconcile));
        report.put("reconcile_plugin_calls_ms", median(pluginCalls));
        report.put("api_get_ms", median(gets));
    }

    /** Creates {@code count} Capabilities in a new namespace at once; milliseconds until all are Ready. */
    private static double createAndAwait(KubernetesClient client, ReconcileTimings timings, String namespace,
                                         int count) throws Exception {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                .create();
        List<Capability> capabilities = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            capabilities.add(Capability.of("db-" + i, namespace, new CapabilitySpec("database", "postgres", "16",
                    List.of(new Parameter("DB_NAME", "db" + i), new Parameter("DB_USER", "admin"),
                            new Parameter("DB_PASSWORD", "admin")))));
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(count, 10));
        try {
            long start = System.nanoTime();
            List<Future<?>> created = new ArrayList<>();
            for (Capability capability : capabilities) {
                created.add(pool.submit(() -> client.resource(capability).create()));
            }
            for (Future<?> f : created) {
                f.get();
            }
            long end = timings.awaitReady(namespace, count, ROUND_TIMEOUT);
            return (end - start) / 1e6;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Touches the Capability's Secret (a watched dependent) and returns how long the reconciliation it causes took. */
    private static double touchAndTime(KubernetesClient client, ReconcileTimings timings, String namespace,
                                       String name, int round) throws InterruptedException {
        timings.clear();
        client.secrets().inNamespace(namespace).withName(name + "-config").edit(s -> new SecretBuilder(s)
                .editMetadata().addToAnnotations("benchmarks.halkyon.io/touch", Integer.toString(round)).endMetadata()
                .build());
        return timings.next(namespace + "/" + name, Duration.ofSeconds(30)).toNanos() / 1e6;
    }

    /** The plugin calls of one steady-state reconciliation of {@code namespace/name}, alone, in milliseconds. */
    private static double pluginCalls(KubernetesClient client, Plugin plugin, String namespace, String name) {
        Capability capability = client.resources(Capability.class).inNamespace(namespace).withName(name).get();
        StatefulSet set = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
        long start = System.nanoTime();
        if (!plugin.checkValidity(capability).isEmpty()) {
            throw new IllegalStateException("the plugin finds " + namespace + "/" + name + " invalid");
        }
        for (DependentResource dependent : plugin.readyFor(capability)) {
            HasMetadata live = dependent.key().kind().equals("StatefulSet") ? set : null;
            if (dependent.config().updated()) {
                dependent.update(live);
            }
            if (dependent.config().checkedForReadiness()) {
                dependent.condition(live);
            }
        }
        return millisSince(start);
    }

    /** CPU milliseconds of this JVM and its child processes (the plugin), from /proc; NaN elsewhere. */
    private static double cpuMillis() {
        try {
            long total = stat(ProcessHandle.current().pid());
            for (ProcessHandle child : ProcessHandle.current().children().toList()) {
                total += stat(child.pid());
            }
            return total;
        } catch (java.io.IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** utime + stime of process {@code pid} in milliseconds (clock ticks of 10 ms). */
    private static long stat(long pid) throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    private static double millisSince(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** As {@code run --embedded-cluster}: logs at WARN unless HALKYON_LOG_LEVEL asks otherwise. */
    private static void quietLogs() {
        if (System.getenv("HALKYON_LOG_LEVEL") == null && LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }
}
