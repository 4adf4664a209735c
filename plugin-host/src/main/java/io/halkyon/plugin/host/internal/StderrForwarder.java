package io.halkyon.plugin.host.internal;

import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards a plugin's stderr to SLF4J under the logger {@code plugin.<name>}, at the level
 * each line carries (see {@link LogLine}).
 *
 * <p>No thread of its own, and the plugin never blocks on its stderr: the host's
 * {@link OutputPump} reads the lines (cut at {@link #MAX_LINE_BYTES}) and this records each in
 * the recent-lines ring, then queues it for the {@link LogPump}: at most {@code linesPerSecond}
 * lines a second (a token bucket holding one second's worth), so a flooding plugin cannot flood
 * the host's logs, and at most a bounded queue's worth waiting, so slow logging costs lines, not
 * memory or reading. Lines over the rate and lines the full queue refused are counted and
 * summarized ({@code suppressed N stderr lines}, {@code dropped N stderr lines}), see
 * {@link PluginOutput}.
 */
public final class StderrForwarder extends PluginOutput {

    /** Longest part of a line kept; the rest is read and dropped. */
    public static final int MAX_LINE_BYTES = 64 * 1024;
    private static final Logger log = LoggerFactory.getLogger(StderrForwarder.class);

    private final Logger pluginLog;
    private final RecentLines recent;

    /**
     * @param exited         completes when the process writing {@code stderr} has exited
     * @param linesPerSecond most lines logged per second; 0 or less: no limit
     */
    public StderrForwarder(String pluginName, InputStream stderr, CompletableFuture<?> exited, RecentLines recent,
                           int linesPerSecond) {
        super(pluginName, "stderr", log, stderr, exited, linesPerSecond);
        this.recent = recent;
        this.pluginLog = LoggerFactory.getLogger(pluginLoggerName(pluginName));
    }

    /** The name of the logger a plugin's output goes to: {@code plugin.<name>}. */
    public static String pluginLoggerName(String pluginName) {
        return "plugin." + pluginName;
    }

    public StderrForwarder start() {
        startReading();
        return this;
    }

    @Override
    public void line(LineSplitter.Line line) {
        LogLine parsed = LogLine.parse(line.text());
        recent.add(parsed.render());
        String message = line.truncated()
                ? parsed.message() + " … [line truncated: " + line.length() + " bytes, kept " + MAX_LINE_BYTES + "]"
                : parsed.message();
        // The plugin's name as a key too: a JSON log format keeps it as a field of its own.
        log(() -> pluginLog.atLevel(parsed.level()).addKeyValue("plugin", pluginName).log(message));
    }
}
