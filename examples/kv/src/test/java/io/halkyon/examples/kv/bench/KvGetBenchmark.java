package io.halkyon.examples.kv.bench;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.halkyon.examples.kv.KV;
import io.halkyon.examples.kv.KvKinds;
import io.halkyon.examples.kv.proto.GetRequest;
import io.halkyon.examples.kv.proto.GetResponse;
import io.halkyon.examples.kv.proto.KVGrpc;
import io.halkyon.plugin.host.PluginClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;

/**
 * One KV Get against the Java KV plugin process (unix socket), sequential, blocking:
 * <ul>
 *   <li>{@code dispensed}: {@code kv.get(key)} through the client {@link PluginClient#dispense}
 *       made (the host's deadline-setting, fail-fast channel and error translation);</li>
 *   <li>{@code raw}, the baseline: a plain grpc-java blocking stub's Get over a channel of its
 *       own to the same plugin's socket.</li>
 * </ul>
 * Prints {@code kv_get_dispensed_p50_us}, {@code kv_get_raw_p50_us}, their ratio, and the p99s.
 * The two run one after the other, each with its own plugin process: the machine's load moves
 * both, so compare figures of one run only.
 * Run: {@code ./mvnw -B -q -pl examples/kv -Pbench verify} (after installing the libraries).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
public class KvGetBenchmark {

    private static final String KEY = "bench";
    private static final int WARM_CALLS = 5000;

    private PluginClient client;
    private KV kv;
    private ManagedChannel rawChannel;
    private KVGrpc.KVBlockingStub raw;
    private GetRequest request;

    @Setup(Level.Trial)
    public void startPlugin() {
        Path jar = Path.of(System.getProperty("kv.plugin.jar", "target/kv-plugin.jar"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        client = PluginClient.start(KvKinds.config(List.of(java, "-jar", jar.toString())).name("kv-plugin").build());
        kv = KvKinds.dispense(client);
        kv.put(KEY, "value".getBytes(StandardCharsets.UTF_8));
        rawChannel = Grpc.newChannelBuilder("unix:" + client.address(), InsecureChannelCredentials.create()).build();
        raw = KVGrpc.newBlockingStub(rawChannel);
        request = GetRequest.newBuilder().setKey(KEY).build();
        // Every trial has a fresh plugin process: warm both paths alike, in it and in this JVM, so
        // the benchmark that runs first is not the only one paying for cold code.
        for (int i = 0; i < WARM_CALLS; i++) {
            dispensed();
            raw();
        }
    }

    @TearDown(Level.Trial)
    public void stopPlugin() throws InterruptedException {
        rawChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        client.kill();
    }

    @Benchmark
    public byte[] dispensed() {
        return kv.get(KEY);
    }

    @Benchmark
    public GetResponse raw() {
        return raw.get(request);
    }

    public static void main(String[] args) throws Exception {
        String jar = Path.of(args.length > 0 ? args[0] : "target/kv-plugin.jar").toAbsolutePath().toString();
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(KvGetBenchmark.class.getName() + "\\.")
                .jvmArgsAppend("-Dkv.plugin.jar=" + jar)
                .build()).run();
        Statistics dispensed = statistics(results, "dispensed");
        Statistics raw = statistics(results, "raw");
        System.out.printf("kv_get_dispensed_p50_us: %.1f%n", dispensed.getPercentile(50));
        System.out.printf("kv_get_raw_p50_us: %.1f%n", raw.getPercentile(50));
        System.out.printf("kv_get_dispensed_to_raw_p50_ratio: %.2f%n", dispensed.getPercentile(50) / raw.getPercentile(50));
        System.out.printf("kv_get_dispensed_p99_us: %.1f%n", dispensed.getPercentile(99));
        System.out.printf("kv_get_raw_p99_us: %.1f%n", raw.getPercentile(99));
        System.out.printf("kv_get_dispensed_to_raw_p99_ratio: %.2f%n", dispensed.getPercentile(99) / raw.getPercentile(99));
    }

    private static Statistics statistics(Collection<RunResult> results, String benchmark) {
        return results.stream()
                .filter(r -> r.getParams().getBenchmark().endsWith("." + benchmark))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no result for " + benchmark))
                .getPrimaryResult().getStatistics();
    }
}
