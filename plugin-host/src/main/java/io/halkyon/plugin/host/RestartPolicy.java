package io.halkyon.plugin.host;

import io.halkyon.plugin.host.internal.ConfigChecks;
import io.halkyon.plugin.host.internal.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link PluginManager} restarts a plugin whose start failed, whose process exited
 * unexpectedly or was killed for missing health checks. Immutable; made with {@link #builder()}
 * (or {@link #backoff}).
 *
 * <p>Defaults (the only place they are listed):
 * <table>
 *   <caption>Settings and their defaults</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code enabled}</td><td>true</td><td>false: a plugin that fails stays FAILED</td></tr>
 *   <tr><td>{@code initialBackoff}</td><td>1 s</td><td>wait before the first restart</td></tr>
 *   <tr><td>{@code maxBackoff}</td><td>30 s</td><td>the wait doubles with each failure in a row, up
 *       to this (jitter included)</td></tr>
 *   <tr><td>{@code jitter}</td><td>0.2</td><td>each wait is multiplied by a random factor in
 *       [1 - jitter, 1 + jitter), so plugins failing together do not restart together</td></tr>
 *   <tr><td>{@code resetAfter}</td><td>1 min</td><td>a plugin that ran this long before failing
 *       starts again from {@code initialBackoff}</td></tr>
 *   <tr><td>{@code crashLoopCount}, {@code crashLoopWindow}</td><td>5 within 10 min</td><td>this
 *       many failures (failed starts, the first one included, exits, health kills) within the
 *       window is a crash loop: the plugin is left FAILED, with the last cause, until its file
 *       changes</td></tr>
 * </table>
 * A failed start is a failure like any other: a plugin killed while starting (out of memory, a
 * node hiccup) is started again after the backoff. Only what another start cannot fix leaves a
 * plugin FAILED at once, with its cause, until its file changes: a file that is neither
 * executable nor a {@code .jar}, and a plugin whose GetInfo answer is refused (metadata out of
 * bounds, see {@link CapabilityPlugins}) or is an error status of its own.
 */
public final class RestartPolicy {

    /** Every default: 1 s doubling to 30 s, jitter 0.2, reset after 1 min, crash loop at 5 failures in 10 min. */
    public static final RestartPolicy DEFAULT = builder().build();
    /** Never restart: a plugin that fails stays FAILED. */
    public static final RestartPolicy NEVER = builder().enabled(false).build();

    private final boolean enabled;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final double jitter;
    private final Duration resetAfter;
    private final int crashLoopCount;
    private final Duration crashLoopWindow;

    private RestartPolicy(Builder b) {
        this.enabled = b.enabled;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.jitter = b.jitter;
        this.resetAfter = b.resetAfter;
        this.crashLoopCount = b.crashLoopCount;
        this.crashLoopWindow = b.crashLoopWindow;
    }

    /** A builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults with these backoffs. */
    public static RestartPolicy backoff(Duration initialBackoff, Duration maxBackoff, Duration resetAfter) {
        return builder().initialBackoff(initialBackoff).maxBackoff(maxBackoff).resetAfter(resetAfter).build();
    }

    /** A builder holding this policy's values. */
    public Builder toBuilder() {
        return new Builder().enabled(enabled).initialBackoff(initialBackoff).maxBackoff(maxBackoff).jitter(jitter)
                .resetAfter(resetAfter).crashLoop(crashLoopCount, crashLoopWindow);
    }

    public boolean enabled() {
        return enabled;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    public double jitter() {
        return jitter;
    }

    public Duration resetAfter() {
        return resetAfter;
    }

    public int crashLoopCount() {
        return crashLoopCount;
    }

    public Duration crashLoopWindow() {
        return crashLoopWindow;
    }

    /** The wait before a restart after {@code failuresInARow} (from 1) failures, without jitter. */
    public Duration delay(int failuresInARow) {
        Duration d = initialBackoff;
        for (int i = 1; i < failuresInARow && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    /**
     * The wait before a restart after {@code failuresInARow} failures, with jitter.
     *
     * @param random a value in [0, 1), e.g. {@code ThreadLocalRandom.current().nextDouble()}
     */
    public Duration delay(int failuresInARow, double random) {
        double factor = 1 + jitter * (2 * random - 1);
        Duration d = Duration.ofNanos(Math.round(delay(failuresInARow).toNanos() * factor));
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RestartPolicy p && enabled == p.enabled && initialBackoff.equals(p.initialBackoff)
                && maxBackoff.equals(p.maxBackoff) && jitter == p.jitter && resetAfter.equals(p.resetAfter)
                && crashLoopCount == p.crashLoopCount && crashLoopWindow.equals(p.crashLoopWindow);
    }

    @Override
    public int hashCode() {
        return Objects.hash(enabled, initialBackoff, maxBackoff, jitter, resetAfter, crashLoopCount, crashLoopWindow);
    }

    @Override
    public String toString() {
        return enabled ? "RestartPolicy{backoff " + Durations.format(initialBackoff) + ".." + Durations.format(maxBackoff)
                + " jitter " + jitter + ", reset after " + Durations.format(resetAfter) + ", crash loop at "
                + crashLoopCount + " failures within " + Durations.format(crashLoopWindow) + '}'
                : "RestartPolicy{never}";
    }

    /** Builds a {@link RestartPolicy}; every setter returns this builder. */
    public static final class Builder {

        private static final ConfigChecks CHECKS = new ConfigChecks("RestartPolicy");

        private boolean enabled = true;
        private Duration initialBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private double jitter = 0.2;
        private Duration resetAfter = Duration.ofMinutes(1);
        private int crashLoopCount = 5;
        private Duration crashLoopWindow = Duration.ofMinutes(10);

        private Builder() {
        }

        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
            return this;
        }

        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
            return this;
        }

        /** A fraction in [0, 1): 0 makes waits exact. */
        public Builder jitter(double jitter) {
            this.jitter = jitter;
            return this;
        }

        public Builder resetAfter(Duration resetAfter) {
            this.resetAfter = resetAfter;
            return this;
        }

        /** {@code count} failures within {@code window} is a crash loop (count at least 1). */
        public Builder crashLoop(int count, Duration window) {
            this.crashLoopCount = count;
            this.crashLoopWindow = window;
            return this;
        }

        /** Validates and builds; the exception names the bad field. */
        public RestartPolicy build() {
            CHECKS.notNegative("initialBackoff", initialBackoff);
            if (maxBackoff == null || maxBackoff.compareTo(initialBackoff) < 0) {
                throw CHECKS.bad("maxBackoff", "must be at least initialBackoff " + initialBackoff, maxBackoff);
            }
            if (!(jitter >= 0 && jitter < 1)) {
                throw CHECKS.bad("jitter", "must be within [0, 1)", jitter);
            }
            CHECKS.notNegative("resetAfter", resetAfter);
            if (crashLoopCount < 1) {
                throw CHECKS.bad("crashLoopCount", "must be at least 1", crashLoopCount);
            }
            CHECKS.positive("crashLoopWindow", crashLoopWindow);
            return new RestartPolicy(this);
        }

    }
}
