package io.halkyon.plugin.sdk.internal;

import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * Routes java.util.logging (grpc-java's, and netty's when SLF4J is absent) into SLF4J, whatever
 * provider the plugin has, so JUL's two-line console text never reaches stderr. JUL's root level
 * becomes the finest level SLF4J's root logger takes, so JUL does not build records nobody wants.
 * Not installed when SLF4J has no provider (its NOP logger would swallow grpc's warnings: JUL's
 * console text is better than nothing) or is itself JUL-based (a loop).
 */
public final class JulBridge extends Handler {

    private final Formatter formatter = new SimpleFormatter();

    private JulBridge() {
    }

    /** Replaces every root handler (the console handler) with the bridge. Idempotent. */
    public static synchronized void install() {
        ILoggerFactory slf4j = LoggerFactory.getILoggerFactory();
        if (slf4j instanceof NOPLoggerFactory || slf4j.getClass().getName().startsWith("org.slf4j.jul.")) {
            return;
        }
        java.util.logging.Logger root = LogManager.getLogManager().getLogger("");
        for (Handler handler : root.getHandlers()) {
            if (handler instanceof JulBridge) {
                return;
            }
        }
        LogManager.getLogManager().reset();
        root = LogManager.getLogManager().getLogger("");
        root.setLevel(julLevel(slf4j.getLogger(Logger.ROOT_LOGGER_NAME)));
        root.addHandler(new JulBridge());
    }

    @Override
    public void publish(LogRecord record) {
        if (record == null) {
            return;
        }
        Logger logger = LoggerFactory.getLogger(record.getLoggerName() == null ? "" : record.getLoggerName());
        org.slf4j.event.Level level = slf4jLevel(record.getLevel());
        if (!logger.isEnabledForLevel(level)) {
            return;
        }
        String message;
        try {
            message = formatter.formatMessage(record);
        } catch (RuntimeException e) {
            message = record.getMessage();
        }
        // No arguments: SLF4J takes the message as is, braces and all.
        logger.atLevel(level).setCause(record.getThrown()).log(message);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    static org.slf4j.event.Level slf4jLevel(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return org.slf4j.event.Level.ERROR;
        } else if (value >= Level.WARNING.intValue()) {
            return org.slf4j.event.Level.WARN;
        } else if (value >= Level.INFO.intValue()) {
            return org.slf4j.event.Level.INFO;
        } else if (value >= Level.FINE.intValue()) {
            return org.slf4j.event.Level.DEBUG;
        }
        return org.slf4j.event.Level.TRACE;
    }

    static Level julLevel(Logger logger) {
        if (logger.isTraceEnabled()) {
            return Level.FINEST;
        } else if (logger.isDebugEnabled()) {
            return Level.FINE;
        } else if (logger.isInfoEnabled()) {
            return Level.INFO;
        } else if (logger.isWarnEnabled()) {
            return Level.WARNING;
        } else if (logger.isErrorEnabled()) {
            return Level.SEVERE;
        }
        return Level.OFF;
    }
}
