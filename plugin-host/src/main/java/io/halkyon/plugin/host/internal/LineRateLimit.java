package io.halkyon.plugin.host.internal;

/**
 * How many of a plugin's output lines reach the host's log: a token bucket holding one second's
 * worth of {@code linesPerSecond}; the lines over it are counted, for a summary. One per stream;
 * thread-safe, as a summary may be written from another thread than the one reading.
 */
final class LineRateLimit {

    private final int linesPerSecond;
    private double tokens;
    private long refilledAt = System.nanoTime();
    private long suppressed;

    /** @param linesPerSecond most lines a second; 0 or less: no limit */
    LineRateLimit(int linesPerSecond) {
        this.linesPerSecond = linesPerSecond;
        this.tokens = linesPerSecond;
    }

    /** Whether this line may be logged; counts it as suppressed when not. */
    synchronized boolean take() {
        if (linesPerSecond <= 0) {
            return true;
        }
        long now = System.nanoTime();
        tokens = Math.min(linesPerSecond, tokens + (now - refilledAt) * linesPerSecond / 1e9);
        refilledAt = now;
        if (tokens < 1) {
            suppressed++;
            return false;
        }
        tokens -= 1;
        return true;
    }

    /** The lines suppressed since the last call, and resets that count. */
    synchronized long takeSuppressed() {
        long n = suppressed;
        suppressed = 0;
        return n;
    }

    /** Whether lines were suppressed since the last {@link #takeSuppressed()}. */
    synchronized boolean hasSuppressed() {
        return suppressed > 0;
    }

    int linesPerSecond() {
        return linesPerSecond;
    }
}
