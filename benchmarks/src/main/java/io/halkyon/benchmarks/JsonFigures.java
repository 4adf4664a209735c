package io.halkyon.benchmarks;

import io.halkyon.benchmarks.jmh.JsonBenchmark;
import io.halkyon.plugin.proto.internal.capability.KubeJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * JMH micro-benchmarks (sample time, one fork; the figure is the median, robust to the other
 * sessions' load as {@code build_p50_us} is) of the JSON work in one Build
 * ({@link JsonBenchmark}): {@code json_encode_us} (plugin: object to JSON),
 * {@code json_decode_us} (host: JSON to object), {@code json_owner_decode_us} (plugin: owner).
 * Their sum is the JSON share of {@code build_p50_us}.
 */
final class JsonFigures implements Figures {

    @Override
    public String name() {
        return "json";
    }

    @Override
    public void measure(Settings settings, Report report) throws Exception {
        Path objectFile = Files.createTempFile("bench-object-", ".json");
        Path ownerFile = Files.createTempFile("bench-owner-", ".json");
        try {
            try (ExamplePlugin plugin = ExamplePlugin.start(settings.postgresPluginJar())) {
                Files.write(objectFile, KubeJson.json(plugin.statefulSet().build()).toByteArray());
            }
            Files.write(ownerFile, ExamplePlugin.ownerJson());
            Options options = new OptionsBuilder()
                    .include(JsonBenchmark.class.getName() + "\\.")
                    .param("objectFile", objectFile.toString())
                    .param("ownerFile", ownerFile.toString())
                    .forks(1)
                    .warmupIterations(settings.pick(2, 5))
                    .warmupTime(TimeValue.seconds(1))
                    .measurementIterations(settings.pick(2, 5))
                    .measurementTime(TimeValue.seconds(settings.pick(1, 2)))
                    .verbosity(VerboseMode.SILENT)
                    .build();
            Collection<RunResult> results = new Runner(options).run();
            report.put("json_encode_us", score(results, "encodeObject"));
            report.put("json_decode_us", score(results, "decodeObject"));
            report.put("json_owner_decode_us", score(results, "decodeOwner"));
        } finally {
            Files.deleteIfExists(objectFile);
            Files.deleteIfExists(ownerFile);
        }
    }

    private static double score(Collection<RunResult> results, String method) {
        return results.stream().filter(r -> r.getParams().getBenchmark().endsWith("." + method))
                .mapToDouble(r -> r.getPrimaryResult().getStatistics().getPercentile(50)).findFirst()
                .orElseThrow(() -> new IllegalStateException("JMH gave no result for " + method));
    }
}
