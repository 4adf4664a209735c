package io.halkyon.plugin.host.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.event.Level;

/**
 * One stderr line of a plugin, mapped to an SLF4J level and message, following go-plugin's
 * conventions:
 * <ul>
 *   <li>a JSON object (hclog's JSON format): {@code @level} gives the level, {@code @message}
 *       the message, {@code @module} a {@code [module]} prefix, every other key except
 *       {@code @timestamp}/{@code @caller} is appended as {@code key=value};</li>
 *   <li>a text line starting (after an optional ISO timestamp) with {@code [TRACE]},
 *       {@code [DEBUG]}, {@code [INFO]}, {@code [WARN]} or {@code [ERROR]}: that level, the
 *       rest is the message;</li>
 *   <li>anything else: INFO, the line as is.</li>
 * </ul>
 * Level names map case-insensitively: trace, debug, info, warn/warning, error/fatal/panic/critical;
 * an unknown name is INFO.
 */
public record LogLine(Level level, String message) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TEXT_LEVEL = Pattern.compile(
            "^(?:\\d{4}-\\d{2}-\\d{2}T\\S*\\s+)?\\[(TRACE|DEBUG|INFO|WARN|WARNING|ERROR)\\]\\s?(.*)$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Set<String> HIDDEN_KEYS = Set.of("@level", "@message", "@timestamp", "@module", "@caller");

    public static LogLine parse(String line) {
        String trimmed = line.strip();
        if (trimmed.startsWith("{") && trimmed.endsWith("}")) {
            LogLine json = parseJson(trimmed);
            if (json != null) {
                return json;
            }
        }
        Matcher m = TEXT_LEVEL.matcher(line);
        if (m.matches()) {
            return new LogLine(level(m.group(1)), m.group(2));
        }
        return new LogLine(Level.INFO, line);
    }

    /** An SLF4J level from a level name; unknown names are INFO. */
    public static Level level(String name) {
        if (name == null) {
            return Level.INFO;
        }
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "trace" -> Level.TRACE;
            case "debug" -> Level.DEBUG;
            case "warn", "warning" -> Level.WARN;
            case "error", "fatal", "panic", "critical" -> Level.ERROR;
            default -> Level.INFO;
        };
    }

    private static LogLine parseJson(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (Exception e) {
            return null;
        }
        if (node == null || !node.isObject() || (!node.has("@message") && !node.has("@level"))) {
            return null;
        }
        StringBuilder message = new StringBuilder();
        JsonNode module = node.get("@module");
        if (module != null && !module.isNull() && !module.asText().isEmpty()) {
            message.append('[').append(module.asText()).append("] ");
        }
        JsonNode msg = node.get("@message");
        message.append(msg == null || msg.isNull() ? "" : msg.asText());
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!HIDDEN_KEYS.contains(field.getKey())) {
                JsonNode v = field.getValue();
                message.append(' ').append(field.getKey()).append('=').append(v.isValueNode() ? v.asText() : v.toString());
            }
        }
        JsonNode lvl = node.get("@level");
        return new LogLine(level(lvl == null ? null : lvl.asText()), message.toString());
    }

    /** The line as shown in error messages: {@code [LEVEL] message}. */
    public String render() {
        return "[" + level + "] " + message;
    }
}
