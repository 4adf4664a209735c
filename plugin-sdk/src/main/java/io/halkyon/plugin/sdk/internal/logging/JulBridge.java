package io.halkyon.plugin.sdk.internal.logging;

import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Routes java.util.logging (used by grpc-java, and by netty when SLF4J is absent) into
 * the JSON writer, so no multi-line JUL text reaches stderr.
 */
public final class JulBridge extends Handler {

    private final JsonLogWriter writer;
    private final Formatter formatter = new SimpleFormatter();

    private JulBridge(JsonLogWriter writer) {
        this.writer = writer;
    }

    /** Replaces every root handler (the console handler) with the bridge. Idempotent. */
    public static synchronized void install(JsonLogWriter writer) {
        Logger root = LogManager.getLogManager().getLogger("");
        for (Handler handler : root.getHandlers()) {
            if (handler instanceof JulBridge) {
                return;
            }
        }
        LogManager.getLogManager().reset();
        root = LogManager.getLogManager().getLogger("");
        root.setLevel(writer.threshold().toJul());
        root.addHandler(new JulBridge(writer));
    }

    @Override
    public void publish(LogRecord record) {
        if (record == null) {
            return;
        }
        LogLevel level = LogLevel.fromJul(record.getLevel());
        if (!writer.isEnabled(level)) {
            return;
        }
        String message;
        try {
            message = formatter.formatMessage(record);
        } catch (RuntimeException e) {
            message = record.getMessage();
        }
        writer.write(level, record.getLoggerName(), message, null, record.getThrown());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
