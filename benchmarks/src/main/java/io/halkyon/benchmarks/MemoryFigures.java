package io.halkyon.benchmarks;

import io.halkyon.plugin.api.DependentResource;

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
            report.put("bare_jvm_rss_mib", ProcessMemory.rssMib(jvm.pid()));
        }
        try (ExamplePlugin plugin = ExamplePlugin.start(settings.postgresPluginJar())) {
            Thread.sleep(1_000);
            report.put("plugin_rss_mib_idle", ProcessMemory.rssMib(plugin.pid()));
            DependentResource statefulSet = plugin.statefulSet();
            for (int i = 0; i < CALLS; i++) {
                statefulSet.build();
            }
            report.put("plugin_rss_mib_after_calls", ProcessMemory.rssMib(plugin.pid()));
        }
    }
}
