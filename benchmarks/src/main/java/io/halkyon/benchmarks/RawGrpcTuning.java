package io.halkyon.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds the fastest {@link RawEcho.Tuning} for the raw gRPC floor: every tuning's echo server
 * runs at once, and blocks of calls go round-robin over them so each sees the same machine; so do
 * slices of 16 callers. Prints one line per tuning (p50, p99, calls/s with 16 callers).
 * Not part of {@code benchmarks/run}; run it when grpc-java or the machine changes:
 * {@code java -cp "$(cat benchmarks/target/classpath.txt):benchmarks/target/classes" io.halkyon.benchmarks.RawGrpcTuning}
 */
public final class RawGrpcTuning {

    private static final int OWNER_BYTES = 212;
    private static final int RESPONSE_BYTES = 1672;

    private RawGrpcTuning() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        int rounds = quick ? 4 : 10;
        int block = 500;
        List<RawEcho.Tuning> tunings = new ArrayList<>();
        for (int loops = 1; loops <= 2; loops++) {
            for (boolean server : new boolean[] {true, false}) {
                for (boolean client : new boolean[] {true, false}) {
                    tunings.add(new RawEcho.Tuning(server, client, loops, loops));
                }
            }
        }
        List<RawEcho> echoes = new ArrayList<>();
        try {
            for (RawEcho.Tuning tuning : tunings) {
                echoes.add(RawEcho.start(tuning, new byte[OWNER_BYTES], RESPONSE_BYTES));
            }
            List<Latencies> latencies = new ArrayList<>();
            for (RawEcho echo : echoes) {
                for (int i = 0; i < 3_000; i++) {
                    echo.call();
                }
                latencies.add(new Latencies(rounds * block));
            }
            for (int round = 0; round < rounds; round++) {
                for (int t = 0; t < echoes.size(); t++) {
                    for (int i = 0; i < block; i++) {
                        long start = System.nanoTime();
                        echoes.get(t).call();
                        latencies.get(t).add(System.nanoTime() - start);
                    }
                }
            }
            // Throughput too in round-robin slices, so a busy moment of the machine hits every tuning.
            Throughput slice = new Throughput(16, 300, 1_000);
            double[] callsPerSecond = new double[echoes.size()];
            int slices = quick ? 2 : 5;
            for (int round = 0; round < slices; round++) {
                for (int t = 0; t < echoes.size(); t++) {
                    callsPerSecond[t] += slice.callsPerSecond(echoes.get(t)::call) / slices;
                }
            }
            for (int t = 0; t < echoes.size(); t++) {
                System.out.printf(Locale.ROOT, "%-50s p50 %6.0f us  p99 %6.0f us  %6.0f calls/s (16 callers)%n",
                        tunings.get(t), latencies.get(t).micros(50), latencies.get(t).micros(99), callsPerSecond[t]);
            }
        } finally {
            echoes.forEach(RawEcho::close);
        }
    }
}
