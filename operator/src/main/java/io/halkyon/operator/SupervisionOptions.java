package io.halkyon.operator;

import io.halkyon.plugin.host.HealthCheckPolicy;
import io.halkyon.plugin.host.RestartPolicy;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * How {@code run} supervises its plugins: restarts with backoff, crash loops and health checks
 * (plugin-host's {@link RestartPolicy} and {@link HealthCheckPolicy}; their defaults are these
 * options' defaults). Included with {@code @Mixin SupervisionOptions supervision;}.
 */
public final class SupervisionOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--restart-backoff", paramLabel = "DURATION",
            description = "Wait before starting again a plugin whose start failed, or that exited or stopped"
                    + " answering health checks; doubled"
                    + " (with jitter) at each failure in a row up to --restart-backoff-max."
                    + " Env: HALKYON_RESTART_BACKOFF. Default: ${DEFAULT-VALUE}.")
    private Duration restartBackoff;

    @Option(names = "--restart-backoff-max", paramLabel = "DURATION",
            description = "Longest wait before a restart. Env: HALKYON_RESTART_BACKOFF_MAX. Default: ${DEFAULT-VALUE}.")
    private Duration restartBackoffMax;

    @Option(names = "--crash-loop-count", paramLabel = "N",
            description = "This many failures of a plugin within --crash-loop-window is a crash loop: it is left"
                    + " FAILED, with the cause, until its file changes. Env: HALKYON_CRASH_LOOP_COUNT."
                    + " Default: ${DEFAULT-VALUE}.")
    private int crashLoopCount;

    @Option(names = "--crash-loop-window", paramLabel = "DURATION",
            description = "See --crash-loop-count. Env: HALKYON_CRASH_LOOP_WINDOW. Default: ${DEFAULT-VALUE}.")
    private Duration crashLoopWindow;

    @Option(names = "--health-interval", paramLabel = "DURATION",
            description = "How often each running plugin's health is checked; a few misses in a row (plugin-host's"
                    + " default) restart it. Env: HALKYON_HEALTH_INTERVAL. Default: ${DEFAULT-VALUE}.")
    private Duration healthInterval;

    /** The restart policy these options describe; a usage error naming the option when invalid. */
    public RestartPolicy restartPolicy() {
        try {
            return RestartPolicy.builder().initialBackoff(restartBackoff).maxBackoff(restartBackoffMax)
                    .crashLoop(crashLoopCount, crashLoopWindow).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), "--restart-backoff, --restart-backoff-max,"
                    + " --crash-loop-count, --crash-loop-window: " + e.getMessage());
        }
    }

    /** The health checks these options describe: the host's defaults but for the interval. */
    public HealthCheckPolicy healthChecks() {
        HealthCheckPolicy defaults = HealthCheckPolicy.DEFAULT;
        return HealthCheckPolicy.every(healthInterval, defaults.timeout(), defaults.unhealthyThreshold());
    }
}
