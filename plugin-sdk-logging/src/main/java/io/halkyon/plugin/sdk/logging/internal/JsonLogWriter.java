package io.halkyon.plugin.sdk.logging.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes hclog JSON lines, one {@code write} per event so lines from several threads never
 * interleave. The threshold comes from {@code HALKYON_PLUGIN_LOG_LEVEL} (or the system property
 * {@code halkyon.plugin.log.level}), default {@code info}.
 */
public final class JsonLogWriter {

    /** Environment variable holding the threshold. */
    public static final String ENV_LOG_LEVEL = "HALKYON_PLUGIN_LOG_LEVEL";
    static final String PROPERTY_LOG_LEVEL = "halkyon.plugin.log.level";

    private final OutputStream out;
    private final Clock clock;
    private volatile LogLevel threshold;

    public JsonLogWriter(OutputStream out, LogLevel threshold, Clock clock) {
        this.out = out;
        this.threshold = threshold;
        this.clock = clock;
    }

    /**
     * A writer on {@code System.err} as it is at each event (not as it was when SLF4J started): the
     * SDK's {@code serve} replaces it with the real stderr under the lock that plugin code's prints
     * take too. Its threshold is the configured one; an unknown level is reported in a warn line.
     */
    public static JsonLogWriter stderr() {
        return configured(new SystemErr(), System::getenv, System::getProperty, Clock.systemUTC());
    }

    static JsonLogWriter configured(OutputStream out, Function<String, String> env,
                                    Function<String, String> properties, Clock clock) {
        String value = env.apply(ENV_LOG_LEVEL);
        String source = ENV_LOG_LEVEL;
        if (value == null || value.isBlank()) {
            value = properties.apply(PROPERTY_LOG_LEVEL);
            source = PROPERTY_LOG_LEVEL;
        }
        if (value == null || value.isBlank()) {
            return new JsonLogWriter(out, LogLevel.INFO, clock);
        }
        try {
            return new JsonLogWriter(out, LogLevel.parse(value), clock);
        } catch (IllegalArgumentException e) {
            JsonLogWriter writer = new JsonLogWriter(out, LogLevel.INFO, clock);
            writer.write(LogLevel.WARN, JsonLogWriter.class.getPackageName(),
                    source + ": " + e.getMessage() + "; logging at info", null, null);
            return writer;
        }
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
        byte[] line = JsonLogFormat.line(clock.instant(), effective, module, message, fields, thrown)
                .getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            try {
                out.write(line, 0, line.length);
                out.flush();
            } catch (IOException e) {
                // stderr is gone (the host closed the pipe): nothing left to tell anyone.
            }
        }
    }

    /** {@code System.err}, looked up at each write; a PrintStream's write is one locked call. */
    private static final class SystemErr extends OutputStream {

        @Override
        public void write(int b) {
            System.err.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            System.err.write(bytes, offset, length);
        }

        @Override
        public void flush() {
            System.err.flush();
        }
    }
}
