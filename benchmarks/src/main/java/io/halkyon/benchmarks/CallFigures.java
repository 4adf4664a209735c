package io.halkyon.benchmarks;

import io.halkyon.plugin.api.DependentResource;

/**
 * One Build through the host's public API against its floors, one call at a time:
 * {@code build_*} (the example plugin's StatefulSet: request sent, plugin decodes the owner,
 * builds, encodes; host decodes and checks the object), {@code raw_grpc_*} (grpc-java's unary
 * echo of the same sizes to another JVM, {@link RawEcho}) and {@code go_plugin_*} (a Go host and
 * a Go plugin on go-plugin 1.0.1, {@link GoPlugin}); then {@code calls_per_s_16} and its raw
 * baseline ({@link Throughput}). Build and echo calls alternate, so both see the same machine;
 * the Go host runs between the rounds. {@code build_cpu_us_*} and {@code raw_grpc_cpu_us_*} are
 * the CPU time each process spends per call, which bounds calls per second on these 2 cores.
 */
final class CallFigures implements Figures {

    @Override
    public String name() {
        return "calls";
    }

    @Override
    public void measure(Settings settings, Report report) throws Exception {
        int warmup = settings.pick(10_000, 15_000);
        int calls = settings.pick(2_000, 5_000);
        int rounds = settings.pick(2, 4);
        byte[] owner = ExamplePlugin.ownerJson();
        try (ExamplePlugin plugin = ExamplePlugin.start(settings.postgresPluginJar())) {
            int responseSize = plugin.responseSize();
            report.comment("Build: " + owner.length + " B of owner JSON in, " + responseSize + " B of object JSON out; "
                    + rounds + " rounds of " + calls + " calls after " + warmup + " warm-up calls");
            try (RawEcho raw = RawEcho.start(RawEcho.Tuning.FASTEST, owner, responseSize)) {
                report.comment("raw echo: " + RawEcho.Tuning.FASTEST);
                DependentResource statefulSet = plugin.statefulSet();
                for (int i = 0; i < warmup; i++) {
                    statefulSet.build();
                    raw.call();
                }
                Latencies build = new Latencies(rounds * calls);
                Latencies echo = new Latencies(rounds * calls);
                Latencies go = new Latencies(rounds * calls);
                for (int round = 0; round < rounds; round++) {
                    for (int i = 0; i < calls; i++) {
                        long t0 = System.nanoTime();
                        statefulSet.build();
                        long t1 = System.nanoTime();
                        raw.call();
                        long t2 = System.nanoTime();
                        build.add(t1 - t0);
                        echo.add(t2 - t1);
                    }
                    go.addAll(GoPlugin.measure(settings.goBinaries(), owner, responseSize,
                            settings.pick(2_000, 5_000), calls));
                }
                report.put("build_p50_us", build.micros(50));
                report.put("build_p99_us", build.micros(99));
                report.put("raw_grpc_p50_us", echo.micros(50));
                report.put("raw_grpc_p99_us", echo.micros(99));
                report.put("go_plugin_p50_us", go.micros(50));
                report.put("go_plugin_p99_us", go.micros(99));
                report.ratio("build_vs_raw_p50", "build_p50_us", "raw_grpc_p50_us");
                report.ratio("build_vs_go_plugin_p50", "build_p50_us", "go_plugin_p50_us");
                report.ratio("build_p99_vs_p50", "build_p99_us", "build_p50_us");

                // Where the time goes: CPU per call of each process, one kind of call at a time.
                int cpuCalls = settings.pick(2_000, 10_000);
                long host = ProcessHandle.current().pid();
                long[] buildCpu = CpuTime.perCall(cpuCalls, statefulSet::build, host, plugin.pid());
                long[] rawCpu = CpuTime.perCall(cpuCalls, raw::call, host, raw.serverPid());
                report.put("build_cpu_us_host", buildCpu[0]);
                report.put("build_cpu_us_plugin", buildCpu[1]);
                report.put("raw_grpc_cpu_us_client", rawCpu[0]);
                report.put("raw_grpc_cpu_us_server", rawCpu[1]);

                Throughput throughput = new Throughput(16, settings.pick(1_000, 5_000), settings.pick(2_000, 10_000));
                report.put("calls_per_s_16", throughput.callsPerSecond(statefulSet::build));
                report.put("raw_grpc_calls_per_s_16", throughput.callsPerSecond(raw::call));
            }
        }
    }
}
