package io.halkyon.benchmarks;

import io.halkyon.plugin.host.JarClassArchive;
import io.halkyon.plugin.host.PluginClientConfig;
import io.halkyon.plugin.host.PluginHandle;
import io.halkyon.plugin.host.PluginManager;
import io.halkyon.plugin.host.PluginState;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A directory of plugin files loaded as the operator loads it ({@link PluginManager#loadDirectory},
 * default restart and health check policies): {@code ten_plugins_ready_ms} for ten copies of the
 * example jar (distinct names) until every one is RUNNING, against {@code one_plugin_ready_ms}
 * for a directory of one; and what one more plugin costs the host, heap used after full GCs and
 * live threads, from the difference between the two: {@code (ten - one) / 9}, next to the
 * host's idle figures.
 */
final class DirectoryFigures implements Figures {

    @Override
    public String name() {
        return "directory";
    }

    @Override
    public void measure(Settings settings, Report report) throws Exception {
        Path root = Files.createTempDirectory("bench-plugins-");
        try {
            Path one = copies(settings.postgresPluginJar(), root.resolve("one"), 1);
            Path ten = copies(settings.postgresPluginJar(), root.resolve("ten"), 10);
            HostUsage idle = HostUsage.now();
            report.put("host_heap_kib_idle", idle.heapBytes() / 1024.0);
            report.put("host_threads_idle", idle.threads());
            Loaded first = load(one);
            Loaded tenLoaded = load(ten);
            report.put("one_plugin_ready_ms", first.readyNanos() / 1e6);
            report.put("ten_plugins_ready_ms", tenLoaded.readyNanos() / 1e6);
            report.put("host_heap_kib_per_plugin",
                    (tenLoaded.usage().heapBytes() - first.usage().heapBytes()) / 1024.0 / 9);
            report.put("host_threads_per_plugin", (tenLoaded.usage().threads() - first.usage().threads()) / 9.0);
        } finally {
            delete(root);
        }
    }

    private record Loaded(long readyNanos, HostUsage usage) {
    }

    /** Loads {@code dir} in a new manager, measures, then closes the manager (its plugins stop). */
    private static Loaded load(Path dir) throws InterruptedException {
        try (PluginManager manager = PluginManager.builder(PluginClientConfig.builder().build()).build()) {
            long start = System.nanoTime();
            List<PluginHandle> handles = manager.loadDirectory(dir);
            long ready = System.nanoTime() - start;
            for (PluginHandle handle : handles) {
                if (handle.state() != PluginState.RUNNING) {
                    throw new IllegalStateException("plugin " + handle.file() + " is " + handle.state() + ": "
                            + handle.failure().map(Throwable::toString).orElse("no cause"));
                }
            }
            return new Loaded(ready, HostUsage.now());
        }
    }

    private static Path copies(Path jar, Path dir, int count) throws IOException {
        Files.createDirectories(dir);
        for (int i = 0; i < count; i++) {
            // Each with the class data sharing archive the build made, times kept so it matches.
            Path copy = Files.copy(jar, dir.resolve(String.format("postgres-%02d.jar", i)),
                    StandardCopyOption.COPY_ATTRIBUTES);
            Path archive = JarClassArchive.archiveOf(jar);
            if (Files.exists(archive)) {
                Files.copy(archive, JarClassArchive.archiveOf(copy), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return dir;
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Heap used after full GCs, and live threads, once the host has settled. */
    record HostUsage(long heapBytes, int threads) {

        static HostUsage now() throws InterruptedException {
            Thread.sleep(1_000); // threads of the starts end, idle pools settle
            long heap = Long.MAX_VALUE;
            for (int i = 0; i < 4; i++) {
                System.gc();
                Thread.sleep(100);
                heap = Math.min(heap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            }
            return new HostUsage(heap, ManagementFactory.getThreadMXBean().getThreadCount());
        }
    }
}
