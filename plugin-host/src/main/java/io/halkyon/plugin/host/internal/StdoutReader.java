package io.halkyon.plugin.host.internal;

import io.halkyon.plugin.api.PluginException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a plugin's stdout for its whole life (through the host's {@link OutputPump}, no thread
 * of its own). Before the handshake: lines without the handshake's shape are stray (logged,
 * remembered for error messages, skipped); the first line with the shape completes
 * {@link #handshake()} (validated, or failed quoting it). After it: every line is logged as
 * stray output, so the plugin never blocks on a full pipe. Lines are cut, rate-limited and
 * queued as stderr's are, the rest counted ("suppressed N stdout lines"), see {@link PluginOutput}.
 */
public final class StdoutReader extends PluginOutput {

    private static final Logger log = LoggerFactory.getLogger(StdoutReader.class);
    private static final int MAX_STRAY_KEPT = 10;

    /** Completes {@link #handshake()} when stdout ends before a handshake line. */
    public static final class StdoutClosedException extends RuntimeException {
        StdoutClosedException() {
            super("stdout closed before the handshake", null, false, false);
        }
    }

    private final List<Integer> offeredVersions;
    private final Logger pluginLog;
    private final CompletableFuture<Handshake> handshake = new CompletableFuture<>();
    private final List<String> strays = new ArrayList<>();

    /**
     * @param exited         completes when the process writing {@code stdout} has exited
     * @param linesPerSecond most stdout lines logged a second, as for stderr; 0 or less: no limit
     */
    public StdoutReader(String pluginName, InputStream stdout, CompletableFuture<?> exited,
                        List<Integer> offeredVersions, int linesPerSecond) {
        super(pluginName, "stdout", log, stdout, exited, linesPerSecond);
        this.offeredVersions = offeredVersions;
        this.pluginLog = LoggerFactory.getLogger(StderrForwarder.pluginLoggerName(pluginName));
    }

    public StdoutReader start() {
        startReading();
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

    @Override
    public boolean urgent() {
        return !handshake.isDone();
    }

    @Override
    public void line(LineSplitter.Line line) {
        String text = line.text();
        if (handshake.isDone()) {
            log(() -> pluginLog.info("stdout: {}", text));
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
            log(() -> log.warn("plugin '{}': skipping stray stdout line before the handshake: {}", pluginName, text));
        }
    }

    @Override
    void ended() {
        handshake.completeExceptionally(new StdoutClosedException());
    }
}
