package io.halkyon.operator.reconcile;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How the operator reconciles. Immutable; build with {@link #builder()}. Defaults, all in one
 * place:
 * <ul>
 *   <li>{@code namespaces}: empty, meaning every namespace</li>
 *   <li>{@code allowClusterScoped}: false; plugins may only build namespaced objects</li>
 *   <li>{@code pluginRetryInitial}: 1 s, the first delay before reconciling again a Capability whose
 *       plugin failed; doubled at each consecutive failure up to {@code pluginRetryMax}: 1 min</li>
 *   <li>{@code leaseName}: none, meaning no leader election; {@code leaseNamespace}: none, meaning
 *       the client's namespace (in a pod: its own)</li>
 *   <li>{@code reconcileThreads}: 10 Capabilities reconciled at once</li>
 *   <li>{@code callsPerPlugin}: half the reconcile threads, rounded up (5 by default): at most this many
 *       reconciliations talk to one plugin at once. A plugin hanging in its calls holds no more
 *       threads than that, so Capabilities served by other plugins keep being reconciled; a
 *       Capability whose plugin is at its limit is reconciled again after {@code pluginRetryInitial}.
 *       With {@code k} plugins hanging at once, {@code k * callsPerPlugin} threads are held: keep
 *       it below {@code reconcileThreads}.</li>
 *   <li>{@code maxObjectBytes}: 1 MiB, the largest object (as JSON) a plugin may have the operator
 *       write; Kubernetes itself stores objects of about 1.5 MiB at most and ConfigMap or Secret
 *       data of 1 MiB at most</li>
 *   <li>{@code allowedKinds}: none; every kind of the deny list ({@link DeniedKinds}: the
 *       operator's own kinds, CRDs, RBAC, admission, certificates, token and access reviews,
 *       APIServices, ServiceAccounts, ServiceAccount token Secrets, Endpoints) is refused</li>
 *   <li>{@code maxDependents}: 100 dependents per Capability; a plugin declaring more fails the
 *       Capability and nothing of it is written</li>
 *   <li>{@code maxObjectsPerPlugin}: 1000 objects kept for one plugin across all its Capabilities
 *       (see {@link PluginObjectCounts} for how they are counted); a Capability whose objects would
 *       go past it gets none created</li>
 *   <li>{@code observer}: {@link OperatorObserver#NONE}; what records JOSDK's metrics and hears
 *       that the operator started (the operator's {@code /metrics} and {@code /readyz})</li>
 * </ul>
 */
public final class OperatorSettings {

    private final Set<String> namespaces;
    private final boolean allowClusterScoped;
    private final Duration pluginRetryInitial;
    private final Duration pluginRetryMax;
    private final String leaseName;
    private final String leaseNamespace;
    private final int reconcileThreads;
    private final int callsPerPlugin;
    private final int maxObjectBytes;
    private final Set<String> allowedKinds;
    private final int maxDependents;
    private final int maxObjectsPerPlugin;
    private final OperatorObserver observer;

    /** The default first delay before a Capability whose plugin is unavailable is tried again. */
    public static final Duration DEFAULT_PLUGIN_RETRY = Duration.ofSeconds(1);
    /** The default longest such delay. */
    public static final Duration DEFAULT_PLUGIN_RETRY_MAX = Duration.ofMinutes(1);
    /** The default number of Capabilities reconciled at once. */
    public static final int DEFAULT_RECONCILE_THREADS = 10;
    /** Default {@link #maxDependents()}: 100. */
    public static final int DEFAULT_MAX_DEPENDENTS = 100;
    /** Default {@link #maxObjectsPerPlugin()}: 1000. */
    public static final int DEFAULT_MAX_OBJECTS_PER_PLUGIN = 1000;
    /** Default {@link #maxObjectBytes()}: 1 MiB. */
    public static final int DEFAULT_MAX_OBJECT_BYTES = 1024 * 1024;

    private OperatorSettings(Builder b) {
        this.namespaces = Set.copyOf(b.namespaces);
        this.allowClusterScoped = b.allowClusterScoped;
        this.pluginRetryInitial = b.pluginRetryInitial;
        this.pluginRetryMax = b.pluginRetryMax;
        this.leaseName = b.leaseName;
        this.leaseNamespace = b.leaseNamespace;
        this.reconcileThreads = b.reconcileThreads;
        this.callsPerPlugin = b.callsPerPlugin > 0 ? b.callsPerPlugin : (b.reconcileThreads + 1) / 2;
        this.maxObjectBytes = b.maxObjectBytes;
        this.allowedKinds = Set.copyOf(b.allowedKinds);
        this.maxDependents = b.maxDependents;
        this.maxObjectsPerPlugin = b.maxObjectsPerPlugin;
        this.observer = b.observer;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static OperatorSettings defaults() {
        return builder().build();
    }

    /** The namespaces watched; empty means all. */
    public Set<String> namespaces() {
        return namespaces;
    }

    public boolean allowClusterScoped() {
        return allowClusterScoped;
    }

    public Duration pluginRetryInitial() {
        return pluginRetryInitial;
    }

    public Duration pluginRetryMax() {
        return pluginRetryMax;
    }

    /** The Lease used for leader election; empty when leader election is off. */
    public Optional<String> leaseName() {
        return Optional.ofNullable(leaseName);
    }

    public Optional<String> leaseNamespace() {
        return Optional.ofNullable(leaseNamespace);
    }

    public int reconcileThreads() {
        return reconcileThreads;
    }

    /** At most this many reconciliations call one plugin at once. */
    public int callsPerPlugin() {
        return callsPerPlugin;
    }

    /** The largest object, in bytes of JSON, the operator writes for a plugin. */
    public int maxObjectBytes() {
        return maxObjectBytes;
    }

    /** The entries of the deny list ({@link DeniedKinds}) the admin allows, as given. */
    public Set<String> allowedKinds() {
        return allowedKinds;
    }

    /** The most dependents a plugin may declare for one Capability. */
    public int maxDependents() {
        return maxDependents;
    }

    /** The most objects the operator keeps for one plugin across all its Capabilities. */
    public int maxObjectsPerPlugin() {
        return maxObjectsPerPlugin;
    }

    /** What records JOSDK's metrics and hears that the operator started. */
    public OperatorObserver observer() {
        return observer;
    }

    /** The delay before the {@code attempt}-th retry (1-based) of a Capability whose plugin failed. */
    public Duration pluginRetryDelay(int attempt) {
        long millis = pluginRetryInitial.toMillis();
        for (int i = 1; i < attempt && millis < pluginRetryMax.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, pluginRetryMax.toMillis()));
    }

    /** Builder of {@link OperatorSettings}; see the class comment for defaults. */
    public static final class Builder {
        private Set<String> namespaces = Set.of();
        private boolean allowClusterScoped;
        private Duration pluginRetryInitial = DEFAULT_PLUGIN_RETRY;
        private Duration pluginRetryMax = DEFAULT_PLUGIN_RETRY_MAX;
        private String leaseName;
        private String leaseNamespace;
        private int reconcileThreads = DEFAULT_RECONCILE_THREADS;
        private int callsPerPlugin;
        private int maxObjectBytes = DEFAULT_MAX_OBJECT_BYTES;
        private Set<String> allowedKinds = Set.of();
        private int maxDependents = DEFAULT_MAX_DEPENDENTS;
        private int maxObjectsPerPlugin = DEFAULT_MAX_OBJECTS_PER_PLUGIN;
        private OperatorObserver observer = OperatorObserver.NONE;

        private Builder() {
        }

        public Builder namespaces(Set<String> value) {
            this.namespaces = Objects.requireNonNull(value, "namespaces");
            return this;
        }

        public Builder allowClusterScoped(boolean value) {
            this.allowClusterScoped = value;
            return this;
        }

        public Builder pluginRetry(Duration initial, Duration max) {
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("plugin retry delays must be positive with max >= initial, got "
                        + initial + " and " + max);
            }
            this.pluginRetryInitial = initial;
            this.pluginRetryMax = max;
            return this;
        }

        /** Turns leader election on, on the Lease {@code name} in {@code namespace} (null: the client's). */
        public Builder leaderElection(String name, String namespace) {
            this.leaseName = Objects.requireNonNull(name, "lease name");
            this.leaseNamespace = namespace;
            return this;
        }

        public Builder reconcileThreads(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("reconcileThreads must be at least 1, got " + value);
            }
            this.reconcileThreads = value;
            return this;
        }

        /** At most {@code value} reconciliations call one plugin at once; 0 means half the reconcile threads. */
        public Builder callsPerPlugin(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("callsPerPlugin must be at least 1 (or 0 for the default), got "
                        + value);
            }
            this.callsPerPlugin = value;
            return this;
        }

        public Builder maxObjectBytes(int value) {
            if (value < 1024) {
                throw new IllegalArgumentException("maxObjectBytes must be at least 1024, got " + value);
            }
            this.maxObjectBytes = value;
            return this;
        }

        /**
         * Allows these entries of the deny list ({@link DeniedKinds}), by name: {@code group/*},
         * {@code group/Kind} (core group: {@code core}) or {@code core/Secret:TYPE}.
         *
         * @throws IllegalArgumentException for a name that allows nothing, listing the entries
         */
        public Builder allowedKinds(Set<String> value) {
            value.forEach(DeniedKinds::checkAllowed);
            this.allowedKinds = Set.copyOf(value);
            return this;
        }

        public Builder maxDependents(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxDependents must be at least 1, got " + value);
            }
            this.maxDependents = value;
            return this;
        }

        public Builder maxObjectsPerPlugin(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxObjectsPerPlugin must be at least 1, got " + value);
            }
            this.maxObjectsPerPlugin = value;
            return this;
        }

        public Builder observer(OperatorObserver value) {
            this.observer = Objects.requireNonNull(value, "observer");
            return this;
        }

        public OperatorSettings build() {
            return new OperatorSettings(this);
        }
    }
}
