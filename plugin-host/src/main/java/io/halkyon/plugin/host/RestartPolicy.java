package io.halkyon.plugin.host;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link PluginManager} relaunches a plugin that exited unexpectedly (RUNNING then
 * FAILED): after {@code initialBackoff}, doubling with each crash in a row up to
 * {@code maxBackoff}; a plugin that ran at least {@code resetAfter} before crashing starts
 * again from {@code initialBackoff}. A relaunch that fails to start counts as a crash. A plugin
 * file that never started is not relaunched: it is tried again when the file changes.
 *
 * @param enabled        false: crashed plugins stay FAILED
 * @param initialBackoff wait before the first relaunch (default 1 s)
 * @param maxBackoff     longest wait (default 30 s)
 * @param resetAfter     running this long resets the backoff (default 1 min)
 */
public record RestartPolicy(boolean enabled, Duration initialBackoff, Duration maxBackoff, Duration resetAfter) {

    /** 1 s doubling to 30 s, reset after 1 minute of running. */
    public static final RestartPolicy DEFAULT = new RestartPolicy(true, Duration.ofSeconds(1), Duration.ofSeconds(30),
            Duration.ofMinutes(1));
    /** Never relaunch. */
    public static final RestartPolicy NEVER = new RestartPolicy(false, Duration.ofSeconds(1), Duration.ofSeconds(1),
            Duration.ofSeconds(1));

    public RestartPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(resetAfter, "resetAfter");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0 || resetAfter.isNegative()) {
            throw new IllegalArgumentException("RestartPolicy needs 0 <= initialBackoff <= maxBackoff and resetAfter >= 0,"
                    + " was " + initialBackoff + ", " + maxBackoff + ", " + resetAfter);
        }
    }

    /** A policy with these backoffs, enabled. */
    public static RestartPolicy backoff(Duration initialBackoff, Duration maxBackoff, Duration resetAfter) {
        return new RestartPolicy(true, initialBackoff, maxBackoff, resetAfter);
    }

    /** The wait before relaunch after {@code crashesInARow} (from 1) crashes. */
    public Duration delay(int crashesInARow) {
        Duration d = initialBackoff;
        for (int i = 1; i < crashesInARow && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }
}
