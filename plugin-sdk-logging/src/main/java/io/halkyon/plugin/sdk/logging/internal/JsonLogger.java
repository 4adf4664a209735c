package io.halkyon.plugin.sdk.logging.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

/**
 * An SLF4J logger writing hclog JSON lines. The logger name becomes {@code @module};
 * key/value pairs of the fluent API ({@code log.atInfo().addKeyValue(...)}) become fields.
 */
final class JsonLogger extends LegacyAbstractLogger implements LoggingEventAware {

    private static final long serialVersionUID = 1L;

    private final transient JsonLogWriter writer;

    JsonLogger(String name, JsonLogWriter writer) {
        this.name = name;
        this.writer = writer;
    }

    @Override
    public boolean isTraceEnabled() {
        return writer.isEnabled(LogLevel.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return writer.isEnabled(LogLevel.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return writer.isEnabled(LogLevel.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return writer.isEnabled(LogLevel.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return writer.isEnabled(LogLevel.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern,
                                               Object[] arguments, Throwable thrown) {
        String message = arguments == null || arguments.length == 0
                ? pattern
                : MessageFormatter.basicArrayFormat(pattern, arguments);
        writer.write(LogLevel.fromSlf4j(level), name, message, null, thrown);
    }

    @Override
    public void log(LoggingEvent event) {
        LogLevel level = LogLevel.fromSlf4j(event.getLevel());
        if (!writer.isEnabled(level)) {
            return;
        }
        FormattingTuple formatted = MessageFormatter.arrayFormat(event.getMessage(), event.getArgumentArray());
        Throwable thrown = event.getThrowable() != null ? event.getThrowable() : formatted.getThrowable();
        Map<String, Object> fields = null;
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs != null && !pairs.isEmpty()) {
            fields = new LinkedHashMap<>();
            for (KeyValuePair pair : pairs) {
                fields.put(pair.key, pair.value);
            }
        }
        writer.write(level, name, formatted.getMessage(), fields, thrown);
    }
}
