package io.halkyon.benchmarks;

import io.halkyon.operator.embedded.EmbeddedCluster;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The production operator jar ({@code operator/target/halkyon-operator.jar}) in a JVM of its own,
 * as the image runs it: {@code java <options> -jar halkyon-operator.jar run --plugins-dir DIR
 * --metrics-address 127.0.0.1:PORT}, against an {@link EmbeddedCluster} of this JVM named by a
 * kubeconfig. Its plugins are its child processes. Closing stops it with SIGTERM (its plugins
 * with it), and kills whatever of them is left after 30 s.
 */
final class OperatorJvm implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final URI metrics;
    private final Path work;

    private OperatorJvm(Process process, URI metrics, Path work) {
        this.process = process;
        this.metrics = metrics;
        this.work = work;
    }

    /** Starts the operator jar with {@code javaOptions} on {@code cluster}, its plugins in {@code pluginsDir}. */
    static OperatorJvm start(Path jar, List<String> javaOptions, EmbeddedCluster cluster, Path pluginsDir, Path work)
            throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the operator jar " + jar + " is missing: build the operator module first");
        }
        Path kubeconfig = Files.writeString(work.resolve("kubeconfig"), cluster.kubeconfig("default", "not-checked"));
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        command.addAll(List.of("-jar", jar.toString(), "run", "--kubeconfig", kubeconfig.toString(),
                "--plugins-dir", pluginsDir.toString(), "--state-dir", work.resolve("state").toString(),
                "--metrics-address", "127.0.0.1:" + port));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(work.resolve("operator.out").toFile())
                .redirectError(work.resolve("operator.err").toFile());
        builder.environment().put("HALKYON_LOG_LEVEL", "WARN");
        return new OperatorJvm(builder.start(), URI.create("http://127.0.0.1:" + port), work);
    }

    long pid() {
        return process.pid();
    }

    /** Waits until {@code /readyz} answers 200: plugins loaded, informers synced. */
    void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the operator exited with " + process.exitValue() + ": " + stderrTail());
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(metrics.resolve("/readyz")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the operator was not ready within " + timeout + ": " + stderrTail());
    }

    /** The operator's /metrics, Prometheus text. */
    String scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(metrics.resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            throw new IOException("/metrics answered " + response.statusCode());
        }
        return response.body();
    }

    /** The sum of every sample of {@code metric} (any labels) whose labels contain {@code labelPart}. */
    static double sum(String scrape, String metric, String labelPart) {
        double total = 0;
        for (String line : scrape.split("\n")) {
            if (line.startsWith(metric + "{") && line.contains(labelPart)) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    /** The operator's live child process whose command line contains {@code part}: a plugin. */
    Optional<ProcessHandle> child(String part) {
        return process.descendants().filter(ProcessHandle::isAlive)
                .filter(p -> commandLine(p.pid()).contains(part)).findFirst();
    }

    static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    private String stderrTail() {
        try {
            String err = Files.readString(work.resolve("operator.err"));
            return err.substring(Math.max(0, err.length() - 2000));
        } catch (IOException e) {
            return "(no stderr: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
