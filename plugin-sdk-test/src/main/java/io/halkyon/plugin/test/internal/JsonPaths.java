package io.halkyon.plugin.test.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The harness's JSON paths, one syntax for messages and for what authors write:
 * {@code spec.template.spec.containers[0].image}, and a key that is not a plain identifier in
 * brackets and quotes: {@code metadata.labels["app.kubernetes.io/name"]}. The empty path is the
 * whole object.
 */
public final class JsonPaths {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$-]*");

    /** One step of a path: a field of an object, or an index of an array. */
    public record Segment(String field, int index) {

        boolean isIndex() {
            return field == null;
        }
    }

    private JsonPaths() {
    }

    /** The path of field {@code field} of the object at {@code parent}. */
    public static String field(String parent, String field) {
        if (PLAIN.matcher(field).matches()) {
            return parent.isEmpty() ? field : parent + "." + field;
        }
        return parent + "[\"" + field.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    }

    /** The path of element {@code index} of the array at {@code parent}. */
    public static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** {@code child} (a path relative to {@code parent}) as a path from the root. */
    public static String join(String parent, String child) {
        if (parent.isEmpty() || child.isEmpty()) {
            return parent + child;
        }
        return child.startsWith("[") ? parent + child : parent + "." + child;
    }

    /**
     * Parses a path.
     *
     * @throws IllegalArgumentException naming the path, the position and what was expected there
     */
    public static List<Segment> parse(String path) {
        List<Segment> segments = new ArrayList<>();
        int i = 0;
        int n = path.length();
        while (i < n) {
            char c = path.charAt(i);
            if (c == '[') {
                i = bracket(path, i, segments);
            } else {
                if (c == '.') {
                    if (segments.isEmpty()) {
                        throw bad(path, i, "a field name");
                    }
                    i++;
                } else if (!segments.isEmpty()) {
                    throw bad(path, i, "'.' or '['");
                }
                int start = i;
                while (i < n && path.charAt(i) != '.' && path.charAt(i) != '[') {
                    i++;
                }
                if (i == start) {
                    throw bad(path, start, "a field name");
                }
                segments.add(new Segment(path.substring(start, i), -1));
            }
        }
        return segments;
    }

    /** The node at {@code path}, or null when there is none. */
    public static JsonNode get(JsonNode root, List<Segment> path) {
        JsonNode node = root;
        for (Segment segment : path) {
            if (node == null) {
                return null;
            }
            node = segment.isIndex() ? (node.isArray() ? node.get(segment.index()) : null)
                    : (node.isObject() ? node.get(segment.field()) : null);
        }
        return node;
    }

    /** Replaces the node at {@code path} with {@code value}; false when there is no node there. */
    public static boolean replace(JsonNode root, List<Segment> path, JsonNode value) {
        if (path.isEmpty()) {
            return false;
        }
        JsonNode parent = get(root, path.subList(0, path.size() - 1));
        Segment last = path.get(path.size() - 1);
        if (last.isIndex() && parent instanceof ArrayNode array && last.index() < array.size()) {
            array.set(last.index(), value);
            return true;
        }
        if (!last.isIndex() && parent instanceof ObjectNode object && object.has(last.field())) {
            object.set(last.field(), value);
            return true;
        }
        return false;
    }

    private static int bracket(String path, int open, List<Segment> segments) {
        int i = open + 1;
        if (i < path.length() && path.charAt(i) == '"') {
            StringBuilder key = new StringBuilder();
            i++;
            while (i < path.length() && path.charAt(i) != '"') {
                if (path.charAt(i) == '\\' && i + 1 < path.length()) {
                    i++;
                }
                key.append(path.charAt(i++));
            }
            if (i + 1 >= path.length() || path.charAt(i + 1) != ']') {
                throw bad(path, i, "a closing '\"]'");
            }
            segments.add(new Segment(key.toString(), -1));
            return i + 2;
        }
        int close = path.indexOf(']', i);
        if (close < 0 || close == i || close - i > 9 || !path.substring(i, close).chars().allMatch(Character::isDigit)) {
            throw bad(path, i, "an array index or a quoted key, e.g. [0] or [\"app.kubernetes.io/name\"]");
        }
        segments.add(new Segment(null, Integer.parseInt(path.substring(i, close))));
        return close + 1;
    }

    private static IllegalArgumentException bad(String path, int position, String expected) {
        return new IllegalArgumentException("JSON path '" + path + "': expected " + expected + " at position "
                + position);
    }
}
