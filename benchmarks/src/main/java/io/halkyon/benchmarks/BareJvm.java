package io.halkyon.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A bare JVM ({@link HelloMain}, this module's classes only) started until its first line. */
final class BareJvm implements AutoCloseable {

    private final Process process;
    private final long startNanos;

    private BareJvm(Process process, long startNanos) {
        this.process = process;
        this.startNanos = startNanos;
    }

    /** Starts it and returns once it printed its line. */
    static BareJvm start() throws IOException {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classes(), HelloMain.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        long elapsed = System.nanoTime() - start;
        if (!"ready".equals(line)) {
            process.destroyForcibly();
            throw new IOException("the bare JVM printed '" + line + "' instead of 'ready'");
        }
        return new BareJvm(process, elapsed);
    }

    /** From start to its first line. */
    long startNanos() {
        return startNanos;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.getOutputStream().close();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static String classes() {
        try {
            return Path.of(HelloMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
