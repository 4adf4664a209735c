package io.halkyon.plugin.host.internal;

import io.halkyon.plugin.api.PluginException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a plugin's stdout for its whole life. Before the handshake: lines without the
 * handshake's shape are stray (logged, remembered for error messages, skipped); the first line
 * with the shape completes {@link #handshake()} (validated, or failed quoting it). After it:
 * every line is logged as stray output, so the plugin never blocks on a full pipe. Lines are cut
 * and rate-limited as stderr's are, the rest counted ("suppressed N stdout lines").
 */
public final class StdoutReader {

    private static final Logger log = LoggerFactory.getLogger(StdoutReader.class);
    private static final int MAX_STRAY_KEPT = 10;

    /** Completes {@link #handshake()} when stdout ends before a handshake line. */
    public static final class StdoutClosedException extends RuntimeException {
        StdoutClosedException() {
            super("stdout closed before the handshake", null, false, false);
        }
    }

    private final String pluginName;
    private final InputStream stdout;
    private final List<Integer> offeredVersions;
    private final Logger pluginLog;
    private final LineRateLimit limit;
    /** A summary of suppressed lines is due within a second: set while one is scheduled. */
    private final AtomicBoolean reportDue = new AtomicBoolean();
    private final CompletableFuture<Handshake> handshake = new CompletableFuture<>();
    private final List<String> strays = new ArrayList<>();
    private final Thread thread;

    /** @param linesPerSecond most stdout lines logged a second, as for stderr; 0 or less: no limit */
    public StdoutReader(String pluginName, InputStream stdout, List<Integer> offeredVersions, int linesPerSecond) {
        this.limit = new LineRateLimit(linesPerSecond);
        this.pluginName = pluginName;
        this.stdout = stdout;
        this.offeredVersions = offeredVersions;
        this.pluginLog = LoggerFactory.getLogger(StderrForwarder.pluginLoggerName(pluginName));
        this.thread = Threads.daemon("plugin-" + pluginName + "-stdout", this::read);
    }

    public StdoutReader start() {
        thread.start();
        return this;
    }

    /** Completes with the valid handshake, a {@link PluginException}, or {@link StdoutClosedException}. */
    public CompletableFuture<Handshake> handshake() {
        return handshake;
    }

    /** The stray lines seen before the handshake (the first few). */
    public synchronized List<String> strayLines() {
        return List.copyOf(strays);
    }

    public void stop() {
        try {
            stdout.close();
        } catch (IOException ignored) {
            // best effort
        }
    }

    private void read() {
        BoundedLineReader lines = new BoundedLineReader(stdout, StderrForwarder.MAX_LINE_BYTES);
        try {
            BoundedLineReader.Line line;
            while ((line = lines.readLine()) != null) {
                String text = line.text();
                if (handshake.isDone()) {
                    if (limit.take()) {
                        pluginLog.info("stdout: {}", text);
                    } else {
                        scheduleReport();
                    }
                } else if (Handshake.hasShape(text)) {
                    try {
                        handshake.complete(Handshake.parse(pluginName, text, offeredVersions));
                    } catch (PluginException e) {
                        handshake.completeExceptionally(e);
                    }
                } else {
                    synchronized (this) {
                        if (strays.size() < MAX_STRAY_KEPT) {
                            strays.add(text);
                        }
                    }
                    if (limit.take()) {
                        log.warn("plugin '{}': skipping stray stdout line before the handshake: {}", pluginName, text);
                    } else {
                        scheduleReport();
                    }
                }
            }
        } catch (IOException e) {
            log.debug("plugin '{}': stdout closed: {}", pluginName, e.toString());
        } finally {
            reportSuppressed();
            handshake.completeExceptionally(new StdoutClosedException());
        }
    }

    /**
     * A summary of what the limit kept out of the log, a second after the first line it kept out
     * (then at most once a second), and at the end: even when the flood stops at once.
     */
    private void scheduleReport() {
        if (reportDue.compareAndSet(false, true)) {
            CompletableFuture.runAsync(this::reportSuppressed,
                    CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS, Threads.background()));
        }
    }

    private void reportSuppressed() {
        reportDue.set(false);
        long suppressed = limit.takeSuppressed();
        if (suppressed > 0) {
            log.warn("plugin '{}': suppressed {} stdout lines over the limit of {} lines/s", pluginName, suppressed,
                    limit.linesPerSecond());
        }
    }
}
