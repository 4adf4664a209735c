package io.halkyon.operator;

import io.halkyon.operator.reconcile.OperatorSettings;
import io.halkyon.plugin.host.HealthCheckPolicy;
import io.halkyon.plugin.host.PluginClientConfig;
import io.halkyon.plugin.host.RestartPolicy;
import io.halkyon.plugin.host.fetch.PluginFetchConfig;
import io.halkyon.plugin.host.remote.RemotePluginServerConfig;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The defaults of the options that set a library setting, taken from the library's own constants
 * so that what {@code --help} shows is what the library does, written once: the option's
 * environment variable when set, else the constant. Options not listed here keep the default of
 * their annotation.
 */
final class LibraryDefaults implements IDefaultValueProvider {

    private record Default(String environment, Supplier<String> value) {
    }

    private static final Map<String, Default> DEFAULTS = Map.ofEntries(
            Map.entry("--start-timeout", of("HALKYON_PLUGIN_START_TIMEOUT", PluginClientConfig.DEFAULT_START_TIMEOUT)),
            Map.entry("--call-timeout", of("HALKYON_PLUGIN_CALL_TIMEOUT", PluginClientConfig.DEFAULT_CALL_TIMEOUT)),
            Map.entry("--max-message-size", new Default("HALKYON_PLUGIN_MAX_MESSAGE_SIZE",
                    () -> Integer.toString(PluginClientConfig.DEFAULT_MAX_MESSAGE_SIZE))),
            Map.entry("--restart-backoff", of("HALKYON_RESTART_BACKOFF", RestartPolicy.DEFAULT.initialBackoff())),
            Map.entry("--restart-backoff-max", of("HALKYON_RESTART_BACKOFF_MAX", RestartPolicy.DEFAULT.maxBackoff())),
            Map.entry("--crash-loop-count", new Default("HALKYON_CRASH_LOOP_COUNT",
                    () -> Integer.toString(RestartPolicy.DEFAULT.crashLoopCount()))),
            Map.entry("--crash-loop-window", of("HALKYON_CRASH_LOOP_WINDOW", RestartPolicy.DEFAULT.crashLoopWindow())),
            Map.entry("--health-interval", of("HALKYON_HEALTH_INTERVAL", HealthCheckPolicy.DEFAULT.interval())),
            Map.entry("--plugins-arch", new Default("HALKYON_PLUGINS_ARCH", () -> PluginFetchConfig.DEFAULT_ARCH)),
            Map.entry("--plugins-attempt-timeout", of("HALKYON_PLUGINS_ATTEMPT_TIMEOUT",
                    PluginFetchConfig.DEFAULT_ATTEMPT_TIMEOUT)),
            Map.entry("--plugins-fetch-timeout", of("HALKYON_PLUGINS_FETCH_TIMEOUT",
                    PluginFetchConfig.DEFAULT_TOTAL_TIMEOUT)),
            Map.entry("--plugins-fetch-parallelism", new Default("HALKYON_PLUGINS_FETCH_PARALLELISM",
                    () -> Integer.toString(PluginFetchConfig.DEFAULT_PARALLELISM))),
            Map.entry("--reconcile-threads", new Default("HALKYON_RECONCILE_THREADS",
                    () -> Integer.toString(OperatorSettings.DEFAULT_RECONCILE_THREADS))),
            Map.entry("--plugin-retry", of("HALKYON_PLUGIN_RETRY", OperatorSettings.DEFAULT_PLUGIN_RETRY)),
            Map.entry("--plugin-retry-max", of("HALKYON_PLUGIN_RETRY_MAX", OperatorSettings.DEFAULT_PLUGIN_RETRY_MAX)),
            Map.entry("--remote-plugins-review-cache", of("HALKYON_REMOTE_PLUGINS_REVIEW_CACHE",
                    RemotePluginServerConfig.DEFAULT_REVIEW_CACHE_TIME)),
            Map.entry("--remote-plugins-forget-after", of("HALKYON_REMOTE_PLUGINS_FORGET_AFTER",
                    RemotePluginServerConfig.DEFAULT_FORGET_AFTER)));

    private static Default of(String environment, Duration value) {
        return new Default(environment, () -> DurationConverter.format(value));
    }

    /** The environment variable and the library's value behind {@code option}, or null when not one of these. */
    static Map.Entry<String, String> of(String option) {
        Default d = DEFAULTS.get(option);
        return d == null ? null : Map.entry(d.environment(), d.value().get());
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option)) {
            return null;
        }
        Default d = DEFAULTS.get(option.longestName());
        if (d == null) {
            return null;
        }
        String fromEnvironment = System.getenv(d.environment());
        return fromEnvironment != null && !fromEnvironment.isEmpty() ? fromEnvironment : d.value().get();
    }
}
