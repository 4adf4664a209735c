package io.halkyon.operator.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running operator: the Java Operator SDK controller for Capabilities and the CapabilityInfo
 * sync, over one Kubernetes client and one {@link PluginSource}. The plugins themselves belong to
 * the caller, who stops them after {@link #close()}.
 *
 * <p>Leader election needs the rights to create, get and update the Lease and to create a
 * SelfSubjectRulesReview (JOSDK checks the former with the latter at start).
 *
 * <p>Besides {@code events}, what the operator does is written as Kubernetes Events on the
 * Capabilities ({@link KubernetesEvents}).
 *
 * <p>Status and finalizer patches use JSON patches, not server-side apply (the embedded CRUD API
 * server answers SSA with 415; a real cluster is fine with either). With leader election, only the
 * leader reconciles and syncs CapabilityInfo objects; a replica that loses the lease exits.
 */
public final class CapabilityOperator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CapabilityOperator.class);

    private final Operator operator;
    private final CapabilityInfoSync infoSync;
    private final KubernetesEvents kubernetesEvents;

    private final AtomicBoolean closing;
    private final AtomicBoolean leading;

    private CapabilityOperator(Operator operator, CapabilityInfoSync infoSync, KubernetesEvents kubernetesEvents,
                               AtomicBoolean closing, AtomicBoolean leading) {
        this.operator = operator;
        this.infoSync = infoSync;
        this.kubernetesEvents = kubernetesEvents;
        this.closing = closing;
        this.leading = leading;
    }

    /** Builds and starts the operator; returns once its informers are started. */
    public static CapabilityOperator start(KubernetesClient client, PluginSource plugins, OperatorSettings settings,
                                           OperatorEvents events) {
        return start(client, plugins, settings, events, () -> { });
    }

    /**
     * As {@link #start(KubernetesClient, PluginSource, OperatorSettings, OperatorEvents)}, calling
     * {@code leading} once this replica leads (at once without leader election): with leader
     * election, before the first reconciliation and the first CapabilityInfo sync, on the thread
     * that renews the Lease (so it must return within the renew deadline, 10 s).
     */
    public static CapabilityOperator start(KubernetesClient client, PluginSource plugins, OperatorSettings settings,
                                           OperatorEvents events, Runnable leading) {
        Objects.requireNonNull(client, "client");
        CapabilityInfoSync infoSync = new CapabilityInfoSync(client, plugins);
        AtomicBoolean closing = new AtomicBoolean();
        AtomicBoolean leads = new AtomicBoolean(settings.leaseName().isEmpty());
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withMetrics(settings.observer().metrics())
                    .withCloseClientOnStop(false)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withConcurrentReconciliationThreads(settings.reconcileThreads())
                    .withReconciliationTerminationTimeout(Duration.ofSeconds(10));
            settings.leaseName().ifPresent(lease -> o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(
                    lease, settings.leaseNamespace().orElse(null),
                    LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
                    LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                    LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
                    null,
                    // JOSDK calls this before it starts reconciling: what leading starts (the
                    // plugins of a replica that stood by) is there for the first reconciliation.
                    new LeaderCallbacks(() -> {
                        leads.set(true);
                        leading.run();
                        infoSync.start();
                    }, () -> lostLease(lease, closing),
                            leader -> log.info("leader is now {}", leader)),
                    false)));
        });
        KubernetesEvents kubernetesEvents = new KubernetesEvents(client);
        OperatorEvents allEvents = OperatorEvents.all(kubernetesEvents, events);
        operator.register(new CapabilityReconciler(plugins, settings, allEvents), c -> {
            if (settings.namespaces().isEmpty()) {
                c.watchingAllNamespaces();
            } else {
                c.settingNamespaces(settings.namespaces());
            }
        });
        operator.start();
        if (settings.leaseName().isEmpty()) {
            leading.run();
            infoSync.start();
        }
        log.info("operator started: watching {}{}", settings.namespaces().isEmpty() ? "all namespaces"
                : "namespaces " + settings.namespaces(), settings.leaseName().map(l -> ", leader election on Lease " + l)
                .orElse(""));
        CapabilityOperator started = new CapabilityOperator(operator, infoSync, kubernetesEvents, closing, leads);
        settings.observer().started(started);
        return started;
    }

    /**
     * What keeps this operator from reconciling now, for readiness: an informer that is not
     * watching (the API server unreachable, access refused). Empty when it reconciles, or when it
     * stands by without the lease (a standby replica is ready to take over).
     */
    public Optional<String> notReady() {
        if (closing.get()) {
            return Optional.of("stopping");
        }
        if (!leading.get()) {
            return Optional.empty();
        }
        // Per controller, its unhealthy informers: a controller whose informers all watch is listed empty.
        List<String> unhealthy = operator.getRuntimeInfo().unhealthyInformerWrappingEventSourceHealthIndicator()
                .entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .map(e -> "controller " + e.getKey() + ": " + e.getValue().keySet()).sorted().toList();
        return unhealthy.isEmpty() ? Optional.empty() : Optional.of("informers not watching: " + unhealthy);
    }

    /**
     * Another replica may reconcile from now on: this one must stop at once. JOSDK's own exit
     * would also fire when the lease is given up by {@link #close()}, killing a JVM that is
     * shutting down in order (or a test); here only an unexpected loss exits.
     */
    private static void lostLease(String lease, AtomicBoolean closing) {
        if (closing.get()) {
            log.info("gave up the lease '{}'", lease);
            return;
        }
        log.error("lost the lease '{}' to another replica: exiting so that only the leader reconciles", lease);
        Thread exit = new Thread(() -> System.exit(1), "halkyon-lost-lease-exit");
        exit.start();
    }

    /** Waits until the Events recorded so far are written (or could not be), at most {@code timeout}. */
    public void flushEvents(Duration timeout) {
        kubernetesEvents.flush(timeout);
    }

    /**
     * Stops reconciling (waits for running reconciliations, bounded) and the CapabilityInfo sync,
     * then writes the Events still queued (bounded).
     */
    @Override
    public void close() {
        closing.set(true);
        infoSync.close();
        try {
            operator.stop();
        } finally {
            kubernetesEvents.close();
        }
    }
}
