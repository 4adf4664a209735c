package io.halkyon.plugin.sdk.internal.logging;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/**
 * Writes hclog JSON lines to stderr, one {@code write} per event so lines from several
 * threads never interleave. The threshold comes from {@code HALKYON_PLUGIN_LOG_LEVEL}
 * (or the system property {@code halkyon.plugin.log.level}), default {@code info}.
 */
public final class JsonLogWriter {

    /** Environment variable holding the threshold. */
    public static final String ENV_LOG_LEVEL = "HALKYON_PLUGIN_LOG_LEVEL";
    static final String PROPERTY_LOG_LEVEL = "halkyon.plugin.log.level";

    private static final JsonLogWriter STDERR = new JsonLogWriter(
            new FileOutputStream(FileDescriptor.err), configuredLevel(), Clock.systemUTC());

    private final OutputStream out;
    private final Clock clock;
    private volatile LogLevel threshold;

    public JsonLogWriter(OutputStream out, LogLevel threshold, Clock clock) {
        this.out = out;
        this.threshold = threshold;
        this.clock = clock;
    }

    /** The process-wide writer on the real stderr (file descriptor 2). */
    public static JsonLogWriter stderr() {
        return STDERR;
    }

    public LogLevel threshold() {
        return threshold;
    }

    public void threshold(LogLevel level) {
        this.threshold = level;
    }

    public boolean isEnabled(LogLevel level) {
        return threshold.allows(level);
    }

    public void write(LogLevel level, String module, String message, Map<String, ?> fields, Throwable thrown) {
        LogLevel effective = NoiseFilter.levelOf(level, module, message);
        if (!isEnabled(effective)) {
            return;
        }
        String line = JsonLogFormat.line(clock.instant(), effective, module, message, fields, thrown);
        writeRaw(line.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes bytes under the same lock as log lines (System.out and System.err of the
     * plugin go through here too, so nothing splits a log line).
     */
    public void writeRaw(byte[] bytes) {
        writeRaw(bytes, 0, bytes.length);
    }

    public void writeRaw(byte[] bytes, int offset, int length) {
        synchronized (this) {
            try {
                out.write(bytes, offset, length);
                out.flush();
            } catch (IOException e) {
                // stderr is gone (the host closed the pipe): nothing left to tell anyone.
            }
        }
    }

    static LogLevel configuredLevel() {
        String value = System.getenv(ENV_LOG_LEVEL);
        if (value == null || value.isBlank()) {
            value = System.getProperty(PROPERTY_LOG_LEVEL);
        }
        if (value == null || value.isBlank()) {
            return LogLevel.INFO;
        }
        try {
            return LogLevel.parse(value);
        } catch (IllegalArgumentException e) {
            return LogLevel.INFO;
        }
    }
}
