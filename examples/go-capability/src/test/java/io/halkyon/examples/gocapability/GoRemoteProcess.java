package io.halkyon.examples.gocapability;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Go remote plugin (go/remote/main.go) as a child process of the test: configured through
 * its environment, its stderr collected line by line so tests wait on what it logs, and killed
 * and reaped by the pid started ({@link #close()}).
 */
final class GoRemoteProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GoRemoteProcess.class);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private GoRemoteProcess(Process process) {
        this.process = process;
        this.reader = new Thread(this::read, "go-remote-plugin-" + process.pid() + "-stderr");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code go-remote-plugin} dialling {@code address} (plaintext unless {@code caFile}),
     * reading its token from {@code tokenFile}, with this Build delay (0: none).
     */
    static GoRemoteProcess start(String address, Path tokenFile, Path caFile, int buildDelayMillis) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(GoToolchain.binaries().resolve("go-remote-plugin").toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("HALKYON_") || k.startsWith("REDIS_"));
        env.put("HALKYON_OPERATOR_ADDRESS", address);
        env.put("HALKYON_TOKEN_FILE", tokenFile.toString());
        if (caFile != null) {
            env.put("HALKYON_CA_FILE", caFile.toString());
        }
        env.put("REDIS_BUILD_DELAY_MS", Integer.toString(buildDelayMillis));
        Process process = builder.start();
        process.getOutputStream().close();
        return new GoRemoteProcess(process);
    }

    long pid() {
        return process.pid();
    }

    /** What it logged so far, one entry per line. */
    List<String> log() {
        return List.copyOf(lines);
    }

    /** The first line matching {@code regex} (found anywhere in the line), waiting for it. */
    Matcher awaitLine(String regex) {
        return awaitLines(regex, 1).get(0);
    }

    /** The first {@code count} lines matching {@code regex}, waiting for them. */
    List<Matcher> awaitLines(String regex, int count) {
        Pattern pattern = Pattern.compile(regex);
        await("go-remote-plugin logs " + count + " line(s) matching " + regex).atMost(WAIT)
                .until(() -> matching(pattern).size() >= count);
        return matching(pattern).subList(0, count);
    }

    /** How many lines match {@code regex} now. */
    int count(String regex) {
        return matching(Pattern.compile(regex)).size();
    }

    private List<Matcher> matching(Pattern pattern) {
        return lines.stream().map(pattern::matcher).filter(Matcher::find).toList();
    }

    /** SIGKILL, and reaped. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM; its exit status once it exited (and its log read to the end), waiting up to 10 s; -1 if it did not. */
    int terminate() throws InterruptedException {
        // Not Process.destroy(): it also closes our end of its stderr, and its last lines would
        // meet a closed pipe (SIGPIPE).
        process.toHandle().destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            return -1;
        }
        reader.join(TimeUnit.SECONDS.toMillis(5));
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
        reader.join(TimeUnit.SECONDS.toMillis(5));
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
                log.info("go-remote-plugin[{}]: {}", process.pid(), line);
            }
        } catch (IOException e) {
            log.debug("go-remote-plugin[{}]: stderr closed: {}", process.pid(), e.getMessage());
        }
    }
}
