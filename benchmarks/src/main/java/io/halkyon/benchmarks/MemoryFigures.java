package io.halkyon.benchmarks;

import io.halkyon.plugin.api.DependentResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The example plugin's resident memory (VmRSS of /proc/PID/status): {@code plugin_rss_mib_idle}
 * once started and dispensed, {@code plugin_rss_mib_after_calls} after 10,000 Build calls; next
 * to {@code bare_jvm_rss_mib}, the bare JVM of {@code bare_jvm_ms} once it printed its line.
 */
final class MemoryFigures implements Figures {

    static final int CALLS = 10_000;

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public void measure(Settings settings, Report report) throws Exception {
        try (BareJvm jvm = BareJvm.start()) {
            Thread.sleep(1_000);
            report.put("bare_jvm_rss_mib", rssMib(jvm.pid()));
        }
        try (ExamplePlugin plugin = ExamplePlugin.start(settings.postgresPluginJar())) {
            Thread.sleep(1_000);
            report.put("plugin_rss_mib_idle", rssMib(plugin.pid()));
            DependentResource statefulSet = plugin.statefulSet();
            for (int i = 0; i < CALLS; i++) {
                statefulSet.build();
            }
            report.put("plugin_rss_mib_after_calls", rssMib(plugin.pid()));
        }
    }

    /** VmRSS of a process, in MiB. */
    static double rssMib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring("VmRSS:".length()).replace("kB", "").trim()) / 1024.0;
            }
        }
        throw new IOException("no VmRSS in /proc/" + pid + "/status");
    }
}
