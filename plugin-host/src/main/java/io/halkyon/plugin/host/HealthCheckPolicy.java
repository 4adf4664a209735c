package io.halkyon.plugin.host;

import io.halkyon.plugin.host.internal.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link PluginManager} checks that a RUNNING plugin still answers: every
 * {@code interval} it calls {@code grpc.health.v1.Health/Check} for service {@code plugin} with
 * a deadline of {@code timeout}; an error, a deadline passed or an answer other than SERVING is
 * a miss. After {@code unhealthyThreshold} misses in a row the plugin is UNHEALTHY: its process
 * is killed (SIGTERM, then SIGKILL after the terminate grace) and it is restarted as its
 * {@link RestartPolicy} says. A success resets the count.
 *
 * @param enabled            false: no health checks (only exits are noticed)
 * @param interval           time between checks (default 10 s)
 * @param timeout            deadline of one check (default 2 s)
 * @param unhealthyThreshold misses in a row that make a plugin UNHEALTHY (default 3)
 */
public record HealthCheckPolicy(boolean enabled, Duration interval, Duration timeout, int unhealthyThreshold) {

    /** A check every 10 s with a 2 s deadline; 3 misses in a row make a plugin UNHEALTHY. */
    public static final HealthCheckPolicy DEFAULT = new HealthCheckPolicy(true, Duration.ofSeconds(10),
            Duration.ofSeconds(2), 3);
    /** No periodic health checks. */
    public static final HealthCheckPolicy DISABLED = new HealthCheckPolicy(false, Duration.ofSeconds(10),
            Duration.ofSeconds(2), 3);

    public HealthCheckPolicy {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()
                || unhealthyThreshold < 1) {
            throw new IllegalArgumentException("HealthCheckPolicy needs a positive interval and timeout and"
                    + " unhealthyThreshold >= 1, was " + interval + ", " + timeout + ", " + unhealthyThreshold);
        }
    }

    /** Enabled checks with these settings. */
    public static HealthCheckPolicy every(Duration interval, Duration timeout, int unhealthyThreshold) {
        return new HealthCheckPolicy(true, interval, timeout, unhealthyThreshold);
    }

    @Override
    public String toString() {
        return enabled ? "HealthCheckPolicy{every " + Durations.format(interval) + ", deadline "
                + Durations.format(timeout) + ", unhealthy after " + unhealthyThreshold + " misses}"
                : "HealthCheckPolicy{disabled}";
    }
}
