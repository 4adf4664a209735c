package io.halkyon.plugin.test.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.opentest4j.AssertionFailedError;

/**
 * The harness's assertion failures: one line per differing field, each naming the object and
 * the field, and the whole expected and actual documents attached (as YAML) for an IDE's diff.
 */
public final class Failures {

    /** Most difference lines in one message; the rest are counted. */
    static final int MAX_LINES = 40;

    private Failures() {
    }

    /**
     * {@code subject: path: expected X but was Y} for one difference, or a count and one line per
     * difference for several; {@code note} (may be empty) is appended on its own line.
     */
    public static AssertionFailedError differences(String subject, List<JsonDiff.Difference> differences,
                                                   JsonNode expected, JsonNode actual, String note) {
        StringBuilder message = new StringBuilder(subject).append(": ");
        if (differences.size() == 1) {
            message.append(differences.get(0).describe());
        } else {
            message.append(differences.size()).append(" fields differ");
            for (int i = 0; i < Math.min(differences.size(), MAX_LINES); i++) {
                message.append("\n  ").append(subject).append(": ").append(differences.get(i).describe());
            }
            if (differences.size() > MAX_LINES) {
                message.append("\n  ... and ").append(differences.size() - MAX_LINES).append(" more");
            }
        }
        if (note != null && !note.isEmpty()) {
            message.append('\n').append(note);
        }
        return new AssertionFailedError(message.toString(), CanonicalJson.yaml(expected), CanonicalJson.yaml(actual));
    }

    /** A failure with the expected and actual documents attached. */
    public static AssertionFailedError failure(String message, String expected, String actual) {
        return new AssertionFailedError(message, expected, actual);
    }

    /** A failure with just a message. */
    public static AssertionFailedError failure(String message) {
        return new AssertionFailedError(message);
    }
}
