package io.halkyon.plugin.host;

import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.PluginUnavailableException;
import io.halkyon.plugin.host.internal.CallGate;
import io.halkyon.plugin.host.internal.Connection;
import io.halkyon.plugin.host.internal.Dispenser;
import io.halkyon.plugin.host.internal.Durations;
import java.time.Duration;
import java.util.Map;

/**
 * What a supervised plugin's handle hands out that must not go stale: one connection whose
 * channel and broker follow the process running now, the kinds dispensed over it (made once),
 * and the one wording of why a call cannot go through while no process runs.
 */
final class SupervisedAccess {

    private final Supervisor supervisor;
    private final String name;
    private final Connection connection;
    private final Dispenser dispenser;

    /** @param config null for a plugin that never launches (it has nothing to dispense) */
    SupervisedAccess(Supervisor supervisor, PluginClientConfig config) {
        this.supervisor = supervisor;
        this.name = supervisor.name();
        CallGate gate = new CallGate(name, CallGate.Target.of(() -> {
            PluginClient client = supervisor.runningClient();
            return client == null ? null : client.connection().channel();
        }, this::unavailable), config == null ? Duration.ofSeconds(30) : config.callTimeout(),
                config == null ? 1024 : config.maxMessageSize());
        this.connection = new Connection(name, this::appVersion, gate, new SupervisedBroker(supervisor),
                supervisor::stop);
        this.dispenser = new Dispenser(name, config == null ? Map.of() : config.plugins());
    }

    PluginConnection connection() {
        return connection;
    }

    /** A kind of the latest negotiated version's set, made once over the stable connection. */
    <T> T dispense(String kind, Class<T> type) {
        if (supervisor.lastClient().isEmpty()) {
            throw unavailable();
        }
        return dispenser.dispense(kind, type, connection);
    }

    /** Why calls cannot go through now. */
    PluginException unavailable() {
        Supervisor.View v = supervisor.view();
        String last = Supervisor.summary(v.failure());
        return switch (v.state()) {
            case RESTARTING -> new PluginUnavailableException(name, "plugin '" + name + "' is restarting (attempt "
                    + (v.restarts() + 1) + "), retry in " + retryIn(v.nextAttemptNanos()) + "; last failure: " + last,
                    v.failure());
            case STARTING -> new PluginUnavailableException(name, "plugin '" + name + "' is "
                    + (v.restarts() == 0 ? "starting" : "restarting (attempt " + v.restarts() + ", starting now)")
                    + ", retry in a few seconds" + (v.failure() == null ? "" : "; last failure: " + last), v.failure());
            case UNHEALTHY -> new PluginUnavailableException(name, "plugin '" + name
                    + "' is unhealthy and being restarted, retry in a few seconds: " + last, v.failure());
            // The cause says why it gave up: "is in a crash loop: ..." or "failed and restarts are disabled: ...".
            case FAILED -> new PluginException(name, v.failure() == null ? "plugin '" + name + "' has failed" : last,
                    v.failure());
            case STOPPING, STOPPED, DISCONNECTED -> new PluginUnavailableException(name, "plugin '" + name
                    + "' was stopped (killed, unloaded, reloaded or closed)", null);
            case RUNNING -> new PluginUnavailableException(name, "plugin '" + name
                    + "' was restarted since these dependents were listed; list them again", null);
        };
    }

    private int appVersion() {
        return supervisor.lastClient().orElseThrow(this::unavailable).protocolVersion();
    }

    private static String retryIn(long atNanos) {
        long left = Math.max(0, atNanos - System.nanoTime());
        // Rounded up to what a reader cares about; the restart itself takes a moment more.
        return left >= 1_000_000_000L ? Durations.format(Duration.ofSeconds((left + 999_999_999L) / 1_000_000_000L))
                : Durations.format(Duration.ofMillis(Math.max(1, left / 1_000_000)));
    }
}
