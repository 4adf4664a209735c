package io.halkyon.benchmarks;

import io.halkyon.plugin.host.PluginClient;

/**
 * {@code launch_ms}: median time for {@code PluginClient.start} of the example jar to return (process
 * start, handshake, connect, health, GetInfo), against {@code bare_jvm_ms}: a JVM started until it
 * prints one line. The two alternate.
 */
final class LaunchFigures implements Figures {

    @Override
    public String name() {
        return "launch";
    }

    @Override
    public void measure(Settings settings, Report report) throws Exception {
        int launches = settings.pick(3, 9);
        Latencies bare = new Latencies(launches);
        Latencies plugin = new Latencies(launches);
        for (int i = 0; i < launches; i++) {
            try (BareJvm jvm = BareJvm.start()) {
                bare.add(jvm.startNanos());
            }
            long start = System.nanoTime();
            try (PluginClient client = PluginClient.start(ExamplePlugin.config(settings.postgresPluginJar()))) {
                plugin.add(System.nanoTime() - start);
            }
        }
        report.put("launch_ms", plugin.millis(50));
        report.put("bare_jvm_ms", bare.millis(50));
        report.ratio("launch_vs_jvm", "launch_ms", "bare_jvm_ms");
    }
}
