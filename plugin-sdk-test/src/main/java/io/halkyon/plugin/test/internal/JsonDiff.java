package io.halkyon.plugin.test.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where two JSON trees differ, field by field: each difference with its path, the expected
 * value and the actual one (null for absent). Numbers are compared by value, so {@code 1} read
 * from YAML equals {@code 1} serialized as a long.
 */
public final class JsonDiff {

    /** Longest rendering of one value in a message; the rest is cut. */
    private static final int MAX_VALUE_CHARS = 120;

    /** One difference: at {@code path}, {@code expected} (null: absent) against {@code actual} (null: absent). */
    public record Difference(String path, JsonNode expected, JsonNode actual) {

        /** {@code spec.replicas: expected 1 but was 3}. */
        public String describe() {
            return (path.isEmpty() ? "(the whole object)" : path) + ": expected " + render(expected) + " but was "
                    + render(actual);
        }
    }

    private JsonDiff() {
    }

    /** The differences, in document order (expected's order, then fields only actual has). */
    public static List<Difference> diff(JsonNode expected, JsonNode actual) {
        List<Difference> out = new ArrayList<>();
        diff("", expected, actual, out);
        return out;
    }

    /** A value as compact JSON, cut to a short line; {@code absent} for null. */
    public static String render(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "absent";
        }
        String text = value.toString();
        return text.length() <= MAX_VALUE_CHARS ? text
                : text.substring(0, MAX_VALUE_CHARS) + "... (" + text.length() + " characters)";
    }

    private static void diff(String path, JsonNode expected, JsonNode actual, List<Difference> out) {
        if (expected == null || actual == null) {
            if (expected != actual) {
                out.add(new Difference(path, expected, actual));
            }
            return;
        }
        if (expected.isObject() && actual.isObject()) {
            Set<String> fields = new LinkedHashSet<>();
            expected.fieldNames().forEachRemaining(fields::add);
            actual.fieldNames().forEachRemaining(fields::add);
            for (String field : fields) {
                diff(JsonPaths.field(path, field), expected.get(field), actual.get(field), out);
            }
        } else if (expected.isArray() && actual.isArray()) {
            for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
                diff(JsonPaths.index(path, i), expected.get(i), actual.get(i), out);
            }
        } else if (!same(expected, actual)) {
            out.add(new Difference(path, expected, actual));
        }
    }

    private static boolean same(JsonNode expected, JsonNode actual) {
        if (expected.isNumber() && actual.isNumber()) {
            return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        return expected.equals(actual);
    }

    /** Whether two trees are equal by {@link #diff}'s rules. */
    public static boolean equal(JsonNode expected, JsonNode actual) {
        return diff(expected, actual).isEmpty();
    }
}
