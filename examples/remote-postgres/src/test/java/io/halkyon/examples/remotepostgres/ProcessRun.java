package io.halkyon.examples.remotepostgres;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Java program this test started ({@code java -jar JAR ARGS}): its stdout and stderr collected
 * line by line, stopped by its pid only (SIGTERM or SIGKILL) and reaped.
 */
public final class ProcessRun implements AutoCloseable {

    /** JIT and GC settings that start a JVM fast on a small machine, for tests that do not measure calls. */
    public static final List<String> FAST_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private final String name;
    private final Process process;
    private final OutputLines out;
    private final OutputLines err;

    private ProcessRun(String name, Process process) {
        this.name = name;
        this.process = process;
        this.out = new OutputLines(name + "-stdout", process.getInputStream());
        this.err = new OutputLines(name + "-stderr", process.getErrorStream());
    }

    /**
     * Starts {@code java JVM-OPTIONS -jar JAR ARGS} with exactly the environment {@code env} (plus
     * {@code PATH}).
     */
    static ProcessRun startJar(String name, List<String> jvmOptions, Path jar, List<String> args, Map<String, String> env)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> !k.equals("PATH"));
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        return new ProcessRun(name + "[" + process.pid() + "]", process);
    }

    OutputLines stdout() {
        return out;
    }

    OutputLines stderr() {
        return err;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, and reaped. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM; its exit status once it exited and its output was read to the end; -1 if not within 30 s. */
    int terminate() throws InterruptedException {
        // Not Process.destroy(): it would also close our ends of its pipes, losing its last lines.
        process.toHandle().destroy();
        return awaitExit();
    }

    /** Its exit status once it exited by itself and its output was read to the end; -1 if not within 30 s. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            return -1;
        }
        out.awaitEnd();
        err.awaitEnd();
        return process.exitValue();
    }

    /** What it printed last, for failure messages. */
    public String describe() {
        return name + (process.isAlive() ? " (running)" : " (exit " + process.exitValue() + ")") + "\n--- stdout\n"
                + out.tail() + "\n--- stderr\n" + err.tail();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
        out.awaitEnd();
        err.awaitEnd();
    }

    @Override
    public String toString() {
        return name;
    }
}
