package io.halkyon.plugin.host;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one more child-process plugin costs the host, and how fast a directory of them loads:
 * {@code java -cp <test classpath> io.halkyon.plugin.host.PluginCostMain <plugin.jar> [copies [parallelStarts]]}.
 * Loads one copy, then a directory of {@code copies} (default 10) more, and prints
 * {@code ten_plugins_ready_ms}, {@code host_threads_per_plugin} and
 * {@code host_heap_kib_per_plugin} (the difference between 1 and 1 + copies plugins, divided by
 * copies), and the names of the threads the copies added, grouped. Not a test.
 */
public final class PluginCostMain {

    private PluginCostMain() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]).toAbsolutePath();
        int copies = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int parallel = args.length > 2 ? Integer.parseInt(args[2]) : PluginManager.DEFAULT_PARALLEL_STARTS;
        Path root = Files.createTempDirectory("plugin-cost");
        Path one = Files.createDirectories(root.resolve("one"));
        Path many = Files.createDirectories(root.resolve("many"));
        Files.copy(jar, one.resolve("p0.jar"));
        for (int i = 1; i <= copies; i++) {
            Files.copy(jar, many.resolve("p" + i + ".jar"));
        }
        PluginClientConfig template = PluginClientConfig.builder().build();
        try (PluginManager first = new PluginManager(template);
             PluginManager rest = PluginManager.builder(template).parallelStarts(parallel).build()) {
            check(first.loadDirectory(one));
            settle();
            int threads1 = Thread.getAllStackTraces().size();
            Map<String, Integer> names1 = threadNames();
            long heap1 = heapAfterGc();
            Map<String, long[]> histo1 = histogram();

            long cpu0 = cpuNanos();
            long begin = System.nanoTime();
            check(rest.loadDirectory(many));
            long readyMs = (System.nanoTime() - begin) / 1_000_000;
            long hostCpuMs = (cpuNanos() - cpu0) / 1_000_000;
            settle();
            int threadsN = Thread.getAllStackTraces().size();
            Map<String, Integer> namesN = threadNames();
            long heapN = heapAfterGc();
            Map<String, long[]> histoN = histogram();

            System.out.println("ten_plugins_ready_ms: " + readyMs + " (" + copies + " plugins, " + parallel
                    + " at once)");
            System.out.println("host_cpu_ms_per_start: " + hostCpuMs / copies);
            System.out.printf("host_threads_per_plugin: %.2f%n", (threadsN - threads1) / (double) copies);
            System.out.printf("host_heap_kib_per_plugin: %.1f%n", (heapN - heap1) / 1024.0 / copies);
            namesN.forEach((name, n) -> {
                int before = names1.getOrDefault(name, 0);
                if (n != before) {
                    System.out.println("  threads " + name + ": " + before + " -> " + n);
                }
            });
            if (!histo1.isEmpty()) {
                histoN.entrySet().stream()
                        .map(e -> Map.entry(e.getKey(), new long[] {
                                e.getValue()[0] - histo1.getOrDefault(e.getKey(), new long[2])[0],
                                e.getValue()[1] - histo1.getOrDefault(e.getKey(), new long[2])[1]}))
                        .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1])).limit(40)
                        .forEach(e -> System.out.printf("  heap %8d B %6d objs %s%n", e.getValue()[1] / copies,
                                e.getValue()[0] / copies, e.getKey()));
            }
        } finally {
            try (var files = Files.walk(root)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void check(List<PluginHandle> handles) {
        List<String> bad = new ArrayList<>();
        for (PluginHandle h : handles) {
            if (h.state() != PluginState.RUNNING) {
                bad.add(h.name() + "=" + h.state() + " " + h.failure().map(Throwable::getMessage).orElse(""));
            }
        }
        if (!bad.isEmpty()) {
            throw new IllegalStateException("not running: " + bad);
        }
    }

    /** Lets start-up stragglers (threads ending, lazy pools) settle. */
    private static void settle() throws InterruptedException {
        Thread.sleep(2000);
    }

    /** Thread names with digits folded, counted. */
    private static Map<String, Integer> threadNames() {
        Map<String, Integer> names = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            names.merge(t.getName().replaceAll("p\\d+", "p#").replaceAll("\\d+", "#"), 1, Integer::sum);
        }
        return names;
    }

    /** Class name to {instances, bytes}, when -Dcost.histogram is set. */
    private static Map<String, long[]> histogram() throws Exception {
        Map<String, long[]> result = new TreeMap<>();
        if (System.getProperty("cost.histogram") == null) {
            return result;
        }
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                result.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
            }
        }
        return result;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long heapAfterGc() throws InterruptedException {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(200);
            min = Math.min(min, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return min;
    }
}
