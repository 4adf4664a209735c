package io.halkyon.plugin.sdk.logging.internal;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Formats one event as one hclog JSON line, the format go-plugin hosts parse from a
 * plugin's stderr: {@code @level}, {@code @message}, {@code @module}, {@code @timestamp},
 * then the fields. The timestamp must have exactly six fraction digits: go-plugin parses
 * it with the layout {@code 2006-01-02T15:04:05.000000Z07:00} and treats the line as
 * plain text otherwise.
 */
public final class JsonLogFormat {

    static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonLogFormat() {
    }

    /**
     * One line, terminated by {@code \n}. A throwable adds the fields {@code error}
     * ({@code toString()} of it) and {@code stacktrace}.
     */
    public static String line(Instant time, LogLevel level, String module, String message,
                              Map<String, ?> fields, Throwable thrown) {
        StringBuilder out = new StringBuilder(128 + (message == null ? 0 : message.length()));
        out.append("{\"@level\":\"").append(level.wireName()).append('"');
        out.append(",\"@message\":");
        quote(out, message == null ? "" : message);
        if (module != null && !module.isEmpty()) {
            out.append(",\"@module\":");
            quote(out, module);
        }
        out.append(",\"@timestamp\":\"");
        TIMESTAMP.formatTo(time, out);
        out.append('"');
        if (fields != null) {
            for (Map.Entry<String, ?> field : fields.entrySet()) {
                out.append(',');
                quote(out, field.getKey());
                out.append(':');
                value(out, field.getValue());
            }
        }
        if (thrown != null) {
            out.append(",\"error\":");
            quote(out, String.valueOf(thrown));
            out.append(",\"stacktrace\":");
            quote(out, stackTrace(thrown));
        }
        return out.append("}\n").toString();
    }

    /** Appends {@code text} as a JSON string literal. */
    public static void quote(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                default:
                    // Control characters must be escaped; U+2028/9 break JavaScript readers;
                    // lone surrogates would not survive UTF-8 encoding.
                    if (c < 0x20 || c == '\u2028' || c == '\u2029' || isLoneSurrogate(text, i)) {
                        out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF])
                                .append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    /** Convenience for tests and callers that need a standalone literal. */
    public static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2);
        quote(out, text);
        return out.toString();
    }

    private static boolean isLoneSurrogate(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
        }
        return false;
    }

    private static void value(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean
                || value instanceof Integer || value instanceof Long
                || value instanceof Short || value instanceof Byte) {
            out.append(value);
        } else if (value instanceof Number number && Double.isFinite(number.doubleValue())
                && (value instanceof Double || value instanceof Float)) {
            out.append(value);
        } else {
            quote(out, String.valueOf(value));
        }
    }

    private static String stackTrace(Throwable thrown) {
        StringWriter text = new StringWriter(1024);
        try (PrintWriter writer = new PrintWriter(text)) {
            thrown.printStackTrace(writer);
        }
        return text.toString().stripTrailing();
    }
}
