package io.halkyon.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The Go baseline: runs {@code go-bench-host} (benchmarks/go/host), which starts
 * {@code go-bench-plugin} with go-plugin 1.0.1 (gRPC over a unix socket), calls Build one call at
 * a time with the same owner JSON and answer size as the Java Build, and prints each measured
 * call's latency in nanoseconds.
 */
final class GoPlugin {

    private GoPlugin() {
    }

    static Latencies measure(Path binaries, byte[] owner, int responseSize, int warmup, int calls)
            throws IOException, InterruptedException {
        Path ownerFile = Files.createTempFile("bench-owner-", ".json");
        try {
            Files.write(ownerFile, owner);
            Process host = new ProcessBuilder(binaries.resolve("go-bench-host").toString(),
                    "-plugin", binaries.resolve("go-bench-plugin").toString(), "-owner", ownerFile.toString(),
                    "-response-size", Integer.toString(responseSize),
                    "-warmup", Integer.toString(warmup), "-calls", Integer.toString(calls))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try {
                Latencies latencies = new Latencies(calls);
                try (BufferedReader out = new BufferedReader(
                        new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        latencies.add(Long.parseLong(line.trim()));
                    }
                }
                if (!host.waitFor(60, TimeUnit.SECONDS) || host.exitValue() != 0) {
                    throw new IOException("go-bench-host failed (exit " + (host.isAlive() ? "none" : host.exitValue())
                            + "), see stderr");
                }
                if (latencies.size() != calls) {
                    throw new IOException("go-bench-host printed " + latencies.size() + " latencies, not " + calls);
                }
                return latencies;
            } finally {
                if (host.isAlive()) {
                    host.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } finally {
            Files.deleteIfExists(ownerFile);
        }
    }
}
