package io.halkyon.plugin.sdk.it;

import static org.awaitility.Awaitility.await;

import io.halkyon.plugin.api.PluginProtocol;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A {@link TestPluginMain} child process with its stdout and stderr collected line by line.
 * {@link #close()} kills it and its descendants and waits for them.
 */
final class PluginProcess implements AutoCloseable {

    static final String COOKIE = PluginProtocol.MAGIC_COOKIE_KEY + "=" + PluginProtocol.MAGIC_COOKIE_VALUE;

    private final Process process;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final List<Thread> readers = new ArrayList<>();

    private PluginProcess(Process process) {
        this.process = process;
        readers.add(reader(process.getInputStream(), stdout, "stdout"));
        readers.add(reader(process.getErrorStream(), stderr, "stderr"));
    }

    /** The test classpath: the SDK with the JSON log provider, as a plugin jar has them. */
    static List<String> javaCommand(String scenario) {
        return javaCommand(System.getProperty("java.class.path"), scenario);
    }

    private static List<String> javaCommand(String classpath, String scenario) {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", classpath,
                TestPluginMain.class.getName(), scenario);
    }

    /** Starts {@code scenario} with the magic cookie and {@code env} added to this JVM's environment. */
    static PluginProcess start(String scenario, Map<String, String> env) throws IOException {
        Map<String, String> all = new HashMap<>(env);
        all.putIfAbsent(PluginProtocol.MAGIC_COOKIE_KEY, PluginProtocol.MAGIC_COOKIE_VALUE);
        return startRaw(scenario, all);
    }

    /**
     * As {@link #start}, on the test classpath without halkyon-plugin-sdk-logging (its jar, or its
     * classes directory in a reactor build): a plugin with no SLF4J provider at all.
     */
    static PluginProcess startWithoutLogProvider(String scenario, Map<String, String> env) throws IOException {
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("plugin-sdk-logging"))
                .collect(Collectors.joining(File.pathSeparator));
        Map<String, String> all = new HashMap<>(env);
        all.putIfAbsent(PluginProtocol.MAGIC_COOKIE_KEY, PluginProtocol.MAGIC_COOKIE_VALUE);
        return startRaw(javaCommand(classpath, scenario), all);
    }

    /** Starts {@code scenario} with exactly this JVM's environment plus {@code env} (a null value removes). */
    static PluginProcess startRaw(String scenario, Map<String, String> env) throws IOException {
        return startRaw(javaCommand(scenario), env);
    }

    private static PluginProcess startRaw(List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove(PluginProtocol.MAGIC_COOKIE_KEY);
        env.forEach((key, value) -> {
            if (value == null) {
                builder.environment().remove(key);
            } else {
                builder.environment().put(key, value);
            }
        });
        return new PluginProcess(builder.start());
    }

    private static Thread reader(InputStream stream, List<String> lines, String name) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // process gone
            }
        }, "test-" + name + "-reader");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    Process process() {
        return process;
    }

    long pid() {
        return process.pid();
    }

    List<String> stdout() {
        return List.copyOf(stdout);
    }

    List<String> stderr() {
        return List.copyOf(stderr);
    }

    String stderrText() {
        return String.join("\n", stderr);
    }

    /** Waits for the first stdout line (the handshake) and returns it. */
    String awaitHandshake() {
        await("handshake line of " + pid()).atMost(Duration.ofSeconds(20))
                .failFast("plugin exited before the handshake: " + stderr, () -> !process.isAlive() && stdout.isEmpty())
                .until(() -> !stdout.isEmpty());
        return stdout.get(0);
    }

    /** Waits for a stdout line matching {@code test} and returns the first one. */
    String awaitStdoutLine(java.util.function.Predicate<String> test, String what) {
        await(what + " from " + pid()).atMost(Duration.ofSeconds(20))
                .failFast("process exited: " + stderr, () -> !process.isAlive())
                .until(() -> stdout.stream().anyMatch(test));
        return stdout.stream().filter(test).findFirst().orElseThrow();
    }

    /** Waits for a stderr line containing {@code text}. */
    void awaitStderr(String text) {
        await("'" + text + "' on stderr of " + pid()).atMost(Duration.ofSeconds(20))
                .until(() -> stderr.stream().anyMatch(line -> line.contains(text)));
    }

    /** The handshake's fields (split on '|', keeping the trailing empty one). */
    String[] handshakeFields() {
        return awaitHandshake().split("\\|", -1);
    }

    /** The unix socket of the handshake. */
    Path socket() {
        return Paths.get(handshakeFields()[3]);
    }

    /** Waits for the process to exit (and its output to be read), returns the status. */
    int awaitExit(Duration atMost) throws InterruptedException {
        if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("process " + pid() + " still alive after " + atMost + "; stderr: " + stderr);
        }
        for (Thread reader : readers) {
            reader.join(2000);
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        killTree(process.toHandle());
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        removeLeftoverSockets();
    }

    /** A SIGKILLed plugin cannot remove its socket: do it for it, so tests leave nothing in /tmp. */
    private void removeLeftoverSockets() {
        for (String line : stdout) {
            String[] fields = line.split("\\|", -1);
            if (fields.length == 6 && "unix".equals(fields[2])) {
                Path socket = Paths.get(fields[3]);
                try {
                    java.nio.file.Files.deleteIfExists(socket);
                    java.nio.file.Files.deleteIfExists(socket.getParent());
                } catch (IOException e) {
                    // best effort
                }
            }
        }
    }

    /**
     * Whether the process has exited. An orphan that exited stays a zombie until init reaps
     * it (slowly, in some containers), and {@link ProcessHandle#isAlive()} is still true
     * for it, so the state in {@code /proc} decides.
     */
    static boolean hasExited(ProcessHandle process) {
        if (!process.isAlive()) {
            return true;
        }
        try {
            String stat = java.nio.file.Files.readString(Paths.get("/proc", Long.toString(process.pid()), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state == 'Z' || state == 'X';
        } catch (IOException e) {
            return true; // no /proc entry: gone
        }
    }

    static void killTree(ProcessHandle root) {
        root.descendants().forEach(ProcessHandle::destroyForcibly);
        root.destroyForcibly();
    }
}
