package io.halkyon.plugin.sdk.remote.internal;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The wait before connecting again: it doubles from {@code initial} to {@code max} with each
 * failure in a row, and each wait is a random time between half and all of it, so replicas
 * that lost the operator together do not come back together. Not thread-safe.
 */
public final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private final DoubleSupplier random;
    private long currentMillis;

    /** @param random values in [0, 1) */
    public Backoff(Duration initial, Duration max, DoubleSupplier random) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
        this.random = random;
        this.currentMillis = initialMillis;
    }

    /** The next wait; the one after it is twice as long, up to the maximum. */
    public Duration next() {
        long wait = currentMillis / 2 + (long) (random.getAsDouble() * (currentMillis - currentMillis / 2));
        currentMillis = Math.min(maxMillis, currentMillis * 2);
        return Duration.ofMillis(Math.max(1, wait));
    }

    /** Back to the initial wait, after a connection that worked. */
    public void reset() {
        currentMillis = initialMillis;
    }
}
