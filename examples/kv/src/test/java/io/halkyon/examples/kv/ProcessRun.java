package io.halkyon.examples.kv;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a host program to its end, collecting stdout and stderr apart. Whatever happens, the
 * process and everything it started are gone when {@link #run} returns.
 *
 * @param exit   its exit status
 * @param stdout everything it wrote on stdout
 * @param stderr everything it wrote on stderr
 */
record ProcessRun(int exit, String stdout, String stderr) {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    /**
     * Runs {@code command} with {@code env} added to this JVM's environment (a null value removes
     * the variable), and with its temporary files (Go's {@code TMPDIR}, Java's
     * {@code java.io.tmpdir}, inherited by the plugins it starts) in {@code tmp}, so the test
     * can tell what it left behind.
     */
    static ProcessRun run(List<String> command, Map<String, String> env, Path tmp) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("TMPDIR", tmp.toString());
        builder.environment().put("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + tmp);
        env.forEach((k, v) -> {
            if (v == null) {
                builder.environment().remove(k);
            } else {
                builder.environment().put(k, v);
            }
        });
        Process process = builder.start();
        try {
            process.getOutputStream().close();
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError(command + " did not finish within " + TIMEOUT);
            }
            return new ProcessRun(process.exitValue(), stdout.get(10, TimeUnit.SECONDS), stderr.get(10, TimeUnit.SECONDS));
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** For assertion messages. */
    String describe() {
        return "exit " + exit + "\n--- stdout:\n" + stdout + "--- stderr:\n" + stderr;
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
