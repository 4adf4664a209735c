package io.halkyon.operator;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * The level and format of the operator's logs (stderr; stdout carries program output only), set
 * by {@code --log-level}/{@code --log-format} or {@code HALKYON_LOG_LEVEL}/{@code HALKYON_LOG_FORMAT}.
 * JSON is one object per line (logback's {@link JsonEncoder}: timestamp, level, threadName,
 * loggerName, message, kvpList, mdc, throwable); a plugin's own lines come from the logger
 * {@code plugin.<name>} at the level the plugin gave, with the key {@code plugin} naming it.
 * Without logback on the class path this changes nothing.
 */
final class LogSettings {

    /** The levels {@code --log-level} takes. */
    static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    private static volatile boolean levelAsked = System.getenv("HALKYON_LOG_LEVEL") != null;
    /** logback.xml's encoder, kept to switch back to text. */
    private static Encoder<ILoggingEvent> textEncoder;

    private LogSettings() {
    }

    /** Sets the root level; null or blank leaves logback.xml's (HALKYON_LOG_LEVEL, else INFO). */
    static void level(String level) {
        if (level == null || level.isBlank()) {
            return;
        }
        String upper = level.trim().toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(upper)) {
            throw new IllegalArgumentException("log level '" + level + "' is not one of trace, debug, info, warn,"
                    + " error, off");
        }
        if (root() instanceof Logger root) {
            root.setLevel(Level.toLevel(upper));
        }
        levelAsked = true;
    }

    /** Back to what logback.xml and the environment say: text, HALKYON_LOG_LEVEL's level or INFO. */
    static void defaults() {
        String env = System.getenv("HALKYON_LOG_LEVEL");
        if (root() instanceof Logger root) {
            root.setLevel(Level.toLevel(env == null ? "INFO" : env.trim(), Level.INFO));
        }
        levelAsked = env != null;
        format("text");
    }

    /** Whether the root level shows DEBUG: then a failed command prints its stack trace. */
    static boolean debug() {
        return root().isDebugEnabled();
    }

    /** Whether the user chose a level (flag or environment): then commands do not lower it themselves. */
    static boolean levelAsked() {
        return levelAsked;
    }

    /** Switches the stderr appender to {@code text} (logback.xml's pattern) or {@code json}. */
    static synchronized void format(String format) {
        String lower = format == null ? "text" : format.trim().toLowerCase(Locale.ROOT);
        if (!lower.equals("text") && !lower.equals("json")) {
            throw new IllegalArgumentException("log format '" + format + "' is not one of text, json");
        }
        if (!(root() instanceof Logger root)) {
            return;
        }
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof ConsoleAppender<ILoggingEvent> console) {
                if (lower.equals("json") && !(console.getEncoder() instanceof JsonEncoder)) {
                    textEncoder = console.getEncoder();
                    swap(console, json(root.getLoggerContext()));
                } else if (lower.equals("text") && textEncoder != null && console.getEncoder() instanceof JsonEncoder) {
                    swap(console, textEncoder);
                }
            }
        }
    }

    private static JsonEncoder json(LoggerContext context) {
        JsonEncoder json = new JsonEncoder();
        json.setContext(context);
        json.setWithContext(false);
        json.setWithSequenceNumber(false);
        json.setWithNanoseconds(false);
        json.setWithArguments(false);
        json.setWithFormattedMessage(false);
        json.start();
        return json;
    }

    private static void swap(ConsoleAppender<ILoggingEvent> console, Encoder<ILoggingEvent> encoder) {
        console.stop();
        console.setEncoder(encoder);
        console.start();
    }

    private static org.slf4j.Logger root() {
        return LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
