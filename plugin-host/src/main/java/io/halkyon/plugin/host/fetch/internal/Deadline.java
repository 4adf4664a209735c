package io.halkyon.plugin.host.fetch.internal;

import io.halkyon.plugin.host.internal.Durations;
import java.time.Duration;

/**
 * A point in time (of {@link System#nanoTime()}) some work must finish by, and what it is
 * called in messages, e.g. {@code the attempt timeout of 2m (PluginFetchConfig.attemptTimeout)}.
 */
record Deadline(long atNanos, String what) {

    /** {@code timeout} from now; {@code field} is the config field that set it. */
    static Deadline after(Duration timeout, String name, String field) {
        long nanos;
        try {
            nanos = timeout.toNanos();
        } catch (ArithmeticException e) {
            nanos = Long.MAX_VALUE / 4; // centuries: no overflow when added to nanoTime
        }
        return new Deadline(System.nanoTime() + Math.min(nanos, Long.MAX_VALUE / 4),
                "the " + name + " of " + Durations.format(timeout) + " (PluginFetchConfig." + field + ")");
    }

    /** Whichever of the two comes first. */
    Deadline earlier(Deadline other) {
        return atNanos - other.atNanos <= 0 ? this : other;
    }

    /** Nanoseconds left, never negative. */
    long remainingNanos() {
        return Durations.remainingNanos(atNanos);
    }

}
