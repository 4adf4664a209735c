package io.halkyon.plugin.host.internal;

import java.time.Duration;

/** Human spelling of durations in messages: {@code 500ms}, {@code 2s}, {@code 1m}. */
public final class Durations {

    private Durations() {
    }

    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 60_000 == 0 && ms >= 60_000) {
            return (ms / 60_000) + "m";
        }
        if (ms % 1000 == 0 && ms >= 1000) {
            return (ms / 1000) + "s";
        }
        return ms + "ms";
    }

    /** Nanoseconds left until {@code deadlineNanos} (a {@link System#nanoTime()} value), never negative. */
    public static long remainingNanos(long deadlineNanos) {
        return Math.max(0, deadlineNanos - System.nanoTime());
    }
}
