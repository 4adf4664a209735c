package io.halkyon.operator;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * For commands whose output is the point (the embedded demo's story, {@code render},
 * {@code plugins}): logs on stderr at WARN unless the user asked for a level
 * ({@code --log-level} or {@code HALKYON_LOG_LEVEL}). Closing restores the previous level.
 */
final class QuietLogs implements AutoCloseable {

    private final Logger root;
    private final Level previous;

    private QuietLogs(Logger root, Level previous) {
        this.root = root;
        this.previous = previous;
    }

    /** Lowers the root level to WARN when no level was asked for and logback is the backend. */
    static QuietLogs unlessAsked() {
        if (!LogSettings.levelAsked()
                && LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            Level previous = root.getLevel();
            root.setLevel(Level.WARN);
            return new QuietLogs(root, previous);
        }
        return new QuietLogs(null, null);
    }

    /** Changes nothing. */
    static QuietLogs none() {
        return new QuietLogs(null, null);
    }

    /** Whether the level was lowered. */
    boolean lowered() {
        return root != null;
    }

    @Override
    public void close() {
        if (root != null) {
            root.setLevel(previous);
        }
    }
}
