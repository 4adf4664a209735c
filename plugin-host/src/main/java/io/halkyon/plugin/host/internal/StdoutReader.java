package io.halkyon.plugin.host.internal;

import io.halkyon.plugin.api.PluginException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a plugin's stdout for its whole life. Before the handshake: lines without the
 * handshake's shape are stray (logged, remembered for error messages, skipped); the first line
 * with the shape completes {@link #handshake()} (validated, or failed quoting it). After it:
 * every line is logged as stray output, so the plugin never blocks on a full pipe.
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
    private final CompletableFuture<Handshake> handshake = new CompletableFuture<>();
    private final List<String> strays = new ArrayList<>();
    private final Thread thread;

    public StdoutReader(String pluginName, InputStream stdout, List<Integer> offeredVersions) {
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
                    pluginLog.info("stdout: {}", text);
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
                    log.warn("plugin '{}': skipping stray stdout line before the handshake: {}", pluginName, text);
                }
            }
        } catch (IOException e) {
            log.debug("plugin '{}': stdout closed: {}", pluginName, e.toString());
        } finally {
            handshake.completeExceptionally(new StdoutClosedException());
        }
    }
}
