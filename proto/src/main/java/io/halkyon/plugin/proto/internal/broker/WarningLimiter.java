package io.halkyon.plugin.proto.internal.broker;

import java.util.function.LongSupplier;

/**
 * Limits warnings a peer can trigger (a hostile plugin flooding bad offers must not flood
 * the host's log): at most {@code perWindow} per window, then silence until the next
 * window, whose first warning reports how many were left out.
 */
final class WarningLimiter {

    private final int perWindow;
    private final long windowNanos;
    private final LongSupplier clock;
    private long windowStart;
    private int count;
    private long suppressed;

    WarningLimiter(int perWindow, long windowNanos, LongSupplier clock) {
        this.perWindow = perWindow;
        this.windowNanos = windowNanos;
        this.clock = clock;
        this.windowStart = clock.getAsLong();
    }

    /**
     * @return -1 when this warning must not be logged; otherwise how many were left out
     *         since the last one logged (to mention in this one)
     */
    synchronized long admit() {
        long now = clock.getAsLong();
        if (now - windowStart >= windowNanos) {
            windowStart = now;
            count = 0;
        }
        if (count >= perWindow) {
            suppressed++;
            return -1;
        }
        count++;
        long left = suppressed;
        suppressed = 0;
        return left;
    }
}
