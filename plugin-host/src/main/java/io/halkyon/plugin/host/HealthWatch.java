package io.halkyon.plugin.host;

import io.halkyon.plugin.api.PluginUnavailableException;
import io.halkyon.plugin.host.internal.Durations;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic health checks of one plugin process ({@link HealthCheckPolicy}): one check at a
 * time, without blocking the manager's timer (the call is asynchronous, with its deadline).
 * After {@code unhealthyThreshold} misses in a row it stops checking and hands the verdict over,
 * once, outside its lock.
 */
final class HealthWatch {

    private static final Logger log = LoggerFactory.getLogger(HealthWatch.class);

    private final String name;
    private final PluginClient client;
    private final HealthCheckPolicy policy;
    private final Consumer<PluginUnavailableException> unhealthy;
    private ScheduledFuture<?> timer;
    private boolean checking;
    private boolean over;
    private int missed;

    HealthWatch(String name, PluginClient client, HealthCheckPolicy policy,
                Consumer<PluginUnavailableException> unhealthy) {
        this.name = name;
        this.client = client;
        this.policy = policy;
        this.unhealthy = unhealthy;
    }

    synchronized void start(ManagerThreads threads) {
        if (!policy.enabled() || over) {
            return;
        }
        try {
            timer = threads.every(this::check, policy.interval());
        } catch (RejectedExecutionException e) {
            log.debug("plugin '{}': manager closing, no health checks", name);
        }
    }

    synchronized void stop() {
        over = true;
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private void check() {
        synchronized (this) {
            if (over || checking) {
                return;
            }
            checking = true;
        }
        client.checkHealthAsync(policy.timeout()).whenComplete((ok, error) -> checked(error));
    }

    private void checked(Throwable error) {
        PluginUnavailableException verdict;
        synchronized (this) {
            checking = false;
            if (over) {
                return;
            }
            if (error == null) {
                if (missed > 0) {
                    log.info("plugin '{}': health check answered again after {} miss(es)", name, missed);
                }
                missed = 0;
                return;
            }
            missed++;
            log.warn("plugin '{}': health check missed ({} of {} in a row): {}", name, missed,
                    policy.unhealthyThreshold(), error.getMessage());
            if (missed < policy.unhealthyThreshold()) {
                return;
            }
            stop();
            verdict = new PluginUnavailableException(name, "plugin '" + name + "' (pid " + client.pid().orElse(-1) + ") missed "
                    + missed + " health checks in a row (every " + Durations.format(policy.interval()) + ", deadline "
                    + Durations.format(policy.timeout()) + "); last: " + error.getMessage(), error);
        }
        unhealthy.accept(verdict);
    }
}
