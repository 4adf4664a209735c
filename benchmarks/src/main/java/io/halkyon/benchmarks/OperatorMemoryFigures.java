package io.halkyon.benchmarks;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.halkyon.operator.demo.EmbeddedDemo;
import io.halkyon.operator.embedded.EmbeddedCluster;
import io.halkyon.operator.embedded.WorkloadReadyMarker;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilitySpec;
import io.halkyon.plugin.api.Parameter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The memory of the operator as the image runs it: the production jar in its own JVM
 * ({@link OperatorJvm}) with the example Java plugin (jar and class data archive) in its plugins
 * directory, against the embedded API server, Capabilities marked ready by
 * {@link WorkloadReadyMarker} as in the demo. Per operator JVM option set (suffix in the name;
 * the image's first, with no suffix):
 * <ul>
 *   <li>{@code operator_rss_mib_idle}, {@code operator_heap_mib_idle}: VmRSS of the operator
 *       process and heap used (its /metrics, {@code jvm_memory_used_bytes{area="heap"}}), 5 s after
 *       /readyz first answered 200, no Capability yet; {@code operator_plugin_rss_mib_idle}: the
 *       plugin's VmRSS then;</li>
 *   <li>{@code operator_rss_mib_after_calls}, {@code operator_heap_mib_after_calls},
 *       {@code operator_heap_committed_mib_after_calls} (what the heap holds of the RSS),
 *       {@code operator_nonheap_mib_after_calls} (committed metaspace, code cache, class space),
 *       {@code operator_plugin_rss_mib_after_calls}, {@code operator_plugin_heap_mib_after_calls}:
 *       the same for the operator and its plugin process (heap from {@code jcmd GC.heap_info})
 *       once the plugin has answered at least {@value #CALLS} calls (the operator's
 *       {@code halkyon_plugin_calls_seconds_count}): {@value #CAPABILITIES} Capabilities created,
 *       then their spec changed round after round, each round awaited until the count rests.</li>
 * </ul>
 * {@code -Dbench.operatorJavaOptions="..."} measures that one option set instead.
 */
final class OperatorMemoryFigures implements Figures {

    static final int CALLS = 10_000;
    static final int CAPABILITIES = 50;
    private static final String PLUGIN = "postgres-capability";
    private static final String NAMESPACE = "memory";
    private static final double MIB = 1024.0 * 1024.0;

    /** Operator JVM options and the suffix of their figures. */
    record OptionSet(String suffix, String options) {
        List<String> list() {
            return Arrays.stream(options.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
        }
    }

    /**
     * The JVM in a container sizes itself from the container's limit; here {@code -XX:MaxRAM}
     * stands for a 1 GiB limit in every option set (else a fixed {@code -Xmx} also starts with the
     * whole heap committed: the initial heap is 1/64 of the machine's memory).
     */
    static final String CONTAINER = "-XX:MaxRAM=1g";

    /**
     * The image's options (operator/Containerfile and the base Deployment's command).
     */
    static final OptionSet IMAGE = new OptionSet("", CONTAINER + " -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
            + " -XX:ReservedCodeCacheSize=48m -Xss512k -XX:+ExitOnOutOfMemoryError");

    static List<OptionSet> optionSets(Settings settings) {
        String asked = System.getProperty("bench.operatorJavaOptions");
        if (asked != null && !asked.isBlank()) {
            return List.of(new OptionSet("", asked));
        }
        List<OptionSet> fixed = List.of(
                new OptionSet("_xmx128m_serial", CONTAINER + " -Xmx128m -XX:+UseSerialGC"),
                new OptionSet("_xmx192m_serial", CONTAINER + " -Xmx192m -XX:+UseSerialGC"),
                new OptionSet("_xmx256m_g1", CONTAINER + " -Xmx256m -XX:+UseG1GC"),
                new OptionSet("_maxram60", CONTAINER + " -XX:MaxRAMPercentage=60 -XX:+UseSerialGC"));
        // Each set takes minutes: a quick run measures the image's alone.
        return settings.quick() ? List.of(IMAGE) : Stream.concat(Stream.of(IMAGE), fixed.stream()).toList();
    }

    @Override
    public String name() {
        return "operator-memory";
    }

    @Override
    public void measure(Settings settings, Report report) throws Exception {
        for (OptionSet set : optionSets(settings)) {
            report.comment("operator JVM options" + (set.suffix().isEmpty() ? "" : " of *" + set.suffix()) + ": "
                    + set.options());
            measure(settings, report, set);
        }
    }

    private void measure(Settings settings, Report report, OptionSet set) throws Exception {
        Path jar = settings.postgresPluginJar();
        Path archive = jar.resolveSibling(jar.getFileName().toString().replaceAll("\\.jar$", ".jsa"));
        Path work = Files.createTempDirectory("hk-bench-opmem");
        try {
            Path plugins = Files.createDirectories(work.resolve("plugins"));
            // With their times: the archive names the jar's size and modification time.
            Files.copy(jar, plugins.resolve(jar.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            if (Files.isRegularFile(archive)) {
                Files.copy(archive, plugins.resolve(archive.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
            try (EmbeddedCluster cluster = EmbeddedDemo.startCluster();
                 WorkloadReadyMarker marker = new WorkloadReadyMarker(cluster.client(), w -> { });
                 OperatorJvm operator = OperatorJvm.start(settings.operatorJar(), set.list(), cluster, plugins, work)) {
                operator.awaitReady(Duration.ofMinutes(2));
                Thread.sleep(5_000);
                String s = set.suffix();
                report.put("operator_rss_mib_idle" + s, ProcessMemory.rssMib(operator.pid()));
                report.put("operator_heap_mib_idle" + s, heapMib(operator.scrape()));
                report.put("operator_plugin_rss_mib_idle" + s, ProcessMemory.rssMib(plugin(operator).pid()));
                double calls = drive(cluster.client(), operator);
                Thread.sleep(2_000);
                ProcessHandle plugin = plugin(operator);
                report.comment("plugin calls answered" + (s.isEmpty() ? "" : " (*" + s + ")") + ": " + (long) calls);
                report.put("operator_rss_mib_after_calls" + s, ProcessMemory.rssMib(operator.pid()));
                String scrape = operator.scrape();
                report.put("operator_heap_mib_after_calls" + s, heapMib(scrape));
                report.put("operator_heap_committed_mib_after_calls" + s, OperatorJvm.sum(scrape,
                        "jvm_memory_committed_bytes", "area=\"heap\"") / MIB);
                report.put("operator_nonheap_mib_after_calls" + s, OperatorJvm.sum(scrape,
                        "jvm_memory_committed_bytes", "area=\"nonheap\"") / MIB);
                report.put("operator_plugin_rss_mib_after_calls" + s, ProcessMemory.rssMib(plugin.pid()));
                report.put("operator_plugin_heap_mib_after_calls" + s, ProcessMemory.heapUsedMib(plugin.pid()));
            }
        } finally {
            deleteTree(work);
        }
    }

    /** Creates the Capabilities, then changes their spec round after round until the plugin answered {@value #CALLS} calls. */
    private static double drive(KubernetesClient client, OperatorJvm operator) throws Exception {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
                .create();
        for (int i = 0; i < CAPABILITIES; i++) {
            client.resource(Capability.of("db-" + i, NAMESPACE, new CapabilitySpec("database", "postgres", "16",
                    parameters(i, 0)))).create();
        }
        double calls = awaitRest(operator);
        for (int round = 1; calls < CALLS; round++) {
            for (int i = 0; i < CAPABILITIES; i++) {
                int index = i;
                int r = round;
                client.resources(Capability.class).inNamespace(NAMESPACE).withName("db-" + i).edit(c -> {
                    c.getSpec().setParameters(parameters(index, r));
                    return c;
                });
            }
            calls = awaitRest(operator);
        }
        return calls;
    }

    private static ProcessHandle plugin(OperatorJvm operator) {
        return operator.child(PLUGIN).orElseThrow(() -> new IllegalStateException("no plugin process of " + PLUGIN
                + " under the operator"));
    }

    private static List<Parameter> parameters(int index, int round) {
        return List.of(new Parameter("DB_NAME", "db" + index), new Parameter("DB_USER", "admin"),
                new Parameter("DB_PASSWORD", "secret-" + round));
    }

    /** Waits until the plugin call count has not moved for one second (at most two minutes); returns it. */
    private static double awaitRest(OperatorJvm operator) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        double last = -1;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            double now = calls(operator.scrape());
            if (now != last) {
                last = now;
                stableSince = System.nanoTime();
            } else if (now > 0 && System.nanoTime() - stableSince >= Duration.ofSeconds(1).toNanos()) {
                return now;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the plugin calls did not rest within 2 minutes (" + last + " so far)");
    }

    static double calls(String scrape) {
        return OperatorJvm.sum(scrape, "halkyon_plugin_calls_seconds_count", "");
    }

    static double heapMib(String scrape) {
        return OperatorJvm.sum(scrape, "jvm_memory_used_bytes", "area=\"heap\"") / MIB;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
