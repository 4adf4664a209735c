package io.halkyon.examples.remotepostgres;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One output stream of a process, read line by line on a thread of its own, so tests wait for
 * what it prints. Positions ({@link #size()}) let a test look only at what came after a step.
 */
final class OutputLines {

    static final Duration WAIT = Duration.ofSeconds(60);

    private final String name;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    OutputLines(String name, InputStream in) {
        this.name = name;
        this.reader = new Thread(() -> read(in), name + "-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Lines read so far: the position of the next one. */
    int size() {
        return lines.size();
    }

    List<String> all() {
        return List.copyOf(lines);
    }

    /** The first line at or after {@code from} matching {@code regex} (anywhere in it), waiting for it. */
    Matcher awaitLine(int from, String regex) {
        return awaitLines(from, regex, 1).get(0);
    }

    /** The first {@code count} such lines, waiting for them. */
    List<Matcher> awaitLines(int from, String regex, int count) {
        Pattern pattern = Pattern.compile(regex);
        try {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> matching(from, pattern).size() >= count);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(name + " did not print " + count + " line(s) matching " + regex + " within " + WAIT
                    + " (from line " + from + "); its last lines:\n" + tail(), e);
        }
        return matching(from, pattern).subList(0, count);
    }

    /** How many lines at or after {@code from} match {@code regex} now. */
    int count(int from, String regex) {
        return matching(from, Pattern.compile(regex)).size();
    }

    /** Waits until the stream ended (the process exited), at most a few seconds. */
    void awaitEnd() throws InterruptedException {
        reader.join(TimeUnit.SECONDS.toMillis(5));
    }

    private List<Matcher> matching(int from, Pattern pattern) {
        List<String> now = all();
        return now.subList(Math.min(from, now.size()), now.size()).stream().map(pattern::matcher)
                .filter(Matcher::find).toList();
    }

    private void read(InputStream in) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(" + name + " closed: " + e.getMessage() + ")");
        }
    }

    /** The last lines, for failure messages. */
    String tail() {
        List<String> now = all();
        return String.join("\n", now.subList(Math.max(0, now.size() - 60), now.size()));
    }
}
