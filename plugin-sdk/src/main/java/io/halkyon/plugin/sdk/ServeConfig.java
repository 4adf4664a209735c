package io.halkyon.plugin.sdk;

import io.grpc.BindableService;
import io.halkyon.plugin.api.PluginProtocol;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How {@link PluginServer#serve(ServeConfig)} runs a plugin: what it serves per app protocol
 * version, its cookie, its network and its timings. Immutable; build one with {@link #builder()} or take {@link #defaults()}.
 *
 * <p>Defaults, all in one place:
 * <table>
 *   <caption>ServeConfig defaults</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@link #cookieKey()} / {@link #cookieValue()}</td>
 *       <td>{@code HALKYON_CAPABILITY_PLUGIN} / {@code io.halkyon.capability.plugin}
 *           ({@link PluginProtocol#MAGIC_COOKIE_KEY}, {@link PluginProtocol#MAGIC_COOKIE_VALUE})</td>
 *       <td>the environment variable the host must set, and its value; without it the
 *           process prints a notice on stderr and exits with 1</td></tr>
 *   <tr><td>{@link #name()}</td><td>{@code plugin}; a {@code PluginResource} served with
 *       {@link PluginServer#serve(io.halkyon.plugin.api.PluginResource)} is named by its {@code name()}</td>
 *       <td>the plugin's name in its log lines and errors</td></tr>
 *   <tr><td>{@link #plugins()}</td><td>none</td>
 *       <td>per app protocol version, the {@link PluginServices} to serve (go-plugin's
 *           {@code VersionedPlugins}); {@link PluginServer#serve(ServeConfig)} needs at least one.
 *           {@link PluginServer#serve(io.halkyon.plugin.api.PluginResource, ServeConfig)} fills it
 *           with the Capability service for each of {@link #appVersions()}</td></tr>
 *   <tr><td>{@link #appVersions()}</td><td>the versions of {@link #plugins()}; without plugin sets
 *       {@code [1]} ({@link PluginProtocol#APP_PROTOCOL_VERSION})</td>
 *       <td>app protocol versions the plugin speaks; the highest one also offered in
 *           {@code PLUGIN_PROTOCOL_VERSIONS} is chosen</td></tr>
 *   <tr><td>{@link #network()}</td><td>{@link PluginNetwork#UNIX}</td>
 *       <td>where to listen; the environment variable {@code HALKYON_PLUGIN_NETWORK}
 *           ({@code unix}/{@code tcp}) overrides it</td></tr>
 *   <tr><td>{@link #parentCheckInterval()}</td><td>500 ms</td>
 *       <td>how often the plugin checks that the process that launched it is alive; it stops
 *           when not (and, when the host asks, at the end of its stdin)</td></tr>
 *   <tr><td>{@link #shutdownGrace()}</td><td>1 s</td>
 *       <td>how long calls in flight may finish after a Shutdown RPC or SIGTERM before
 *           they are cancelled</td></tr>
 * </table>
 */
public final class ServeConfig {

    /** Default {@link #parentCheckInterval()}. */
    public static final Duration DEFAULT_PARENT_CHECK_INTERVAL = Duration.ofMillis(500);
    /** Default {@link #shutdownGrace()}. */
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(1);

    private static final ServeConfig DEFAULTS = builder().build();

    private final String name;
    private final String cookieKey;
    private final String cookieValue;
    private final Map<Integer, PluginServices> plugins;
    private final List<Integer> appVersions;
    private final PluginNetwork network;
    private final Duration parentCheckInterval;
    private final Duration shutdownGrace;

    private ServeConfig(Builder builder) {
        this.name = builder.name;
        this.cookieKey = builder.cookieKey;
        this.cookieValue = builder.cookieValue;
        this.plugins = Collections.unmodifiableMap(new TreeMap<>(builder.plugins));
        this.appVersions = plugins.isEmpty() ? List.of(builder.appVersions) : List.copyOf(plugins.keySet());
        this.network = builder.network;
        this.parentCheckInterval = builder.parentCheckInterval;
        this.shutdownGrace = builder.shutdownGrace;
    }

    /** The default configuration (see the class documentation). */
    public static ServeConfig defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.name = name;
        builder.plugins = new TreeMap<>(plugins);
        builder.cookieKey = cookieKey;
        builder.cookieValue = cookieValue;
        builder.appVersions = appVersions.toArray(new Integer[0]);
        builder.network = network;
        builder.parentCheckInterval = parentCheckInterval;
        builder.shutdownGrace = shutdownGrace;
        return builder;
    }

    /** The plugin's name in its log lines and errors. */
    public String name() {
        return name;
    }

    /** The plugin sets: per app protocol version, what to serve. */
    public Map<Integer, PluginServices> plugins() {
        return plugins;
    }

    /** The magic cookie's environment variable name. */
    public String cookieKey() {
        return cookieKey;
    }

    /** The magic cookie's expected value. */
    public String cookieValue() {
        return cookieValue;
    }

    /** The app protocol versions this plugin speaks, ascending, without duplicates. */
    public List<Integer> appVersions() {
        return appVersions;
    }

    /** Where to listen unless {@code HALKYON_PLUGIN_NETWORK} says otherwise. */
    public PluginNetwork network() {
        return network;
    }

    /** How often the launching process is checked. */
    public Duration parentCheckInterval() {
        return parentCheckInterval;
    }

    /** How long calls in flight may finish on a graceful stop before being cancelled. */
    public Duration shutdownGrace() {
        return shutdownGrace;
    }

    @Override
    public String toString() {
        return "ServeConfig{name=" + name + ", cookieKey=" + cookieKey + ", appVersions=" + appVersions + ", network=" + network
                + ", parentCheckInterval=" + parentCheckInterval + ", shutdownGrace=" + shutdownGrace + '}';
    }

    /** Builds a {@link ServeConfig}; every setter validates and names the bad value. */
    public static final class Builder {
        private String name = "plugin";
        private Map<Integer, PluginServices> plugins = new TreeMap<>();
        private String cookieKey = PluginProtocol.MAGIC_COOKIE_KEY;
        private String cookieValue = PluginProtocol.MAGIC_COOKIE_VALUE;
        private Integer[] appVersions = {PluginProtocol.APP_PROTOCOL_VERSION};
        private PluginNetwork network = PluginNetwork.UNIX;
        private Duration parentCheckInterval = DEFAULT_PARENT_CHECK_INTERVAL;
        private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;

        private Builder() {
        }

        /** The plugin's name in log lines and errors; not blank. */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            this.name = name;
            return this;
        }

        /**
         * What to serve for app protocol version {@code version} (positive); a second call for the
         * same version replaces the first. Once any is set, {@link #appVersions(int...)} is ignored:
         * the plugin speaks exactly the versions it has sets for.
         */
        public Builder plugins(int version, PluginServices services) {
            Objects.requireNonNull(services, "services");
            if (version <= 0) {
                throw new IllegalArgumentException("plugin set versions must be positive, got " + version);
            }
            this.plugins.put(version, services);
            return this;
        }

        /** {@code plugins(version, PluginServices.of(services))}. */
        public Builder plugins(int version, BindableService... services) {
            return plugins(version, PluginServices.of(services));
        }

        /** The magic cookie: environment variable {@code key} must equal {@code value}. */
        public Builder cookie(String key, String value) {
            Objects.requireNonNull(key, "cookie key");
            Objects.requireNonNull(value, "cookie value");
            if (key.isBlank() || key.contains("=")) {
                throw new IllegalArgumentException("cookie key must be a non-blank environment variable name, got '"
                        + key + "'");
            }
            this.cookieKey = key;
            this.cookieValue = value;
            return this;
        }

        /** The app protocol versions the plugin speaks; at least one, each positive. */
        public Builder appVersions(int... versions) {
            Objects.requireNonNull(versions, "appVersions");
            if (versions.length == 0) {
                throw new IllegalArgumentException("appVersions needs at least one version");
            }
            for (int version : versions) {
                if (version <= 0) {
                    throw new IllegalArgumentException("appVersions must be positive, got " + version
                            + " in " + Arrays.toString(versions));
                }
            }
            this.appVersions = Arrays.stream(versions).sorted().distinct().boxed().toArray(Integer[]::new);
            return this;
        }

        /** Where to listen (default {@link PluginNetwork#UNIX}). */
        public Builder network(PluginNetwork network) {
            this.network = Objects.requireNonNull(network, "network");
            return this;
        }

        /** How often to check the launching process; positive, at most 1 s so a dead host is noticed in time. */
        public Builder parentCheckInterval(Duration interval) {
            Objects.requireNonNull(interval, "parentCheckInterval");
            if (interval.isNegative() || interval.isZero() || interval.compareTo(Duration.ofSeconds(1)) > 0) {
                throw new IllegalArgumentException("parentCheckInterval must be within (0, 1s], got " + interval);
            }
            this.parentCheckInterval = interval;
            return this;
        }

        /** Grace for calls in flight on a graceful stop; zero or more, at most 10 s. */
        public Builder shutdownGrace(Duration grace) {
            Objects.requireNonNull(grace, "shutdownGrace");
            if (grace.isNegative() || grace.compareTo(Duration.ofSeconds(10)) > 0) {
                throw new IllegalArgumentException("shutdownGrace must be within [0, 10s], got " + grace);
            }
            this.shutdownGrace = grace;
            return this;
        }

        public ServeConfig build() {
            return new ServeConfig(this);
        }
    }
}
