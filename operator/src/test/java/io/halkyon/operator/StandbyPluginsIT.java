package io.halkyon.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.halkyon.operator.embedded.EmbeddedCluster;
import io.halkyon.operator.support.NoChildProcesses;
import io.halkyon.operator.support.OperatorProcess;
import io.halkyon.operator.support.TestCluster;
import io.halkyon.operator.support.TestPlugins;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilitySpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas of the production operator jar, each in its own JVM, on one embedded API server
 * with leader election ({@code --standby-plugins}): under {@code defer} the replica that does not
 * lead has no plugin process, and starts its plugins once the leader is gone and it takes the
 * Lease, then reconciles; under {@code start} it runs them while the other one leads.
 */
@ExtendWith(NoChildProcesses.class)
class StandbyPluginsIT {

    private static final String LEASE = "halkyon-operator";
    /** JOSDK's lease duration (15 s; the Lease is not given up on shutdown) and a loaded machine's start. */
    private static final Duration TAKEOVER = Duration.ofSeconds(90);
    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path plugins;
    @TempDir
    Path work;

    @Test
    void deferTheStandbyStartsNoPluginUntilTheLeaderIsGoneThenStartsThemAndReconciles() throws Exception {
        TestPlugins.addPostgres(plugins);
        try (EmbeddedCluster cluster = TestCluster.start();
             OperatorProcess leader = replica(cluster, "replica-a", "defer")) {
            awaitLeading(cluster, leader, "replica-a");

            try (OperatorProcess standby = replica(cluster, "replica-b", "defer")) {
                // Started and standing by: its informers run, its plugins' files were checked, none started.
                await().atMost(START).failFast("the standby exited: " + standby.describe(),
                        () -> !standby.process().isAlive())
                        .until(() -> standby.stderr().contains("operator started: watching all namespaces, leader"
                                + " election on Lease " + LEASE));
                assertThat(standby.stderr()).contains("1 plugin file(s) in " + plugins.toRealPath()
                        + ", not started: this replica starts them when it leads (--standby-plugins defer)");
                assertThat(standby.plugins()).as("plugin processes of the standby").isEmpty();
                assertThat(holder(cluster)).isEqualTo("replica-a");

                long millis = takeOver(cluster, leader, standby);
                System.out.println("FIGURE takeover_ms_defer=" + millis + " (" + pluginStart(standby) + ")");
                assertThat(cluster.client().v1().events().inNamespace("default").list().getItems())
                        .as("Events: no reconciliation ran without the plugin during the takeover")
                        .noneMatch(e -> "PluginNotFound".equals(e.getReason()));
            }
        }
    }

    @Test
    void startTheStandbyRunsItsPluginsWhileTheOtherReplicaLeads() throws Exception {
        TestPlugins.addPostgres(plugins);
        try (EmbeddedCluster cluster = TestCluster.start();
             OperatorProcess leader = replica(cluster, "replica-a", "start")) {
            awaitLeading(cluster, leader, "replica-a");
            try (OperatorProcess standby = replica(cluster, "replica-b", "start")) {
                await().atMost(START).failFast("the standby exited: " + standby.describe(),
                        () -> !standby.process().isAlive()).until(() -> standby.plugins().size() == 1);
                assertThat(holder(cluster)).as("the Lease's holder").isEqualTo("replica-a");
                assertThat(leader.process().isAlive()).isTrue();

                System.out.println("FIGURE takeover_ms_start=" + takeOver(cluster, leader, standby));
            }
        }
    }

    /**
     * Stops {@code leader} (SIGTERM: it stops its plugins and exits, leaving the Lease to expire)
     * and waits until {@code standby} leads and has reconciled again, with its plugin, the
     * Capability whose Secret is deleted meanwhile; milliseconds from the leader's exit.
     */
    private static long takeOver(EmbeddedCluster cluster, OperatorProcess leader, OperatorProcess standby)
            throws InterruptedException {
        leader.process().destroy();
        assertThat(leader.process().waitFor(ShutdownSignal.CLEANUP_BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();
        long exited = System.nanoTime();
        cluster.client().secrets().inNamespace("default").withName("db-config").delete();
        awaitLeading(cluster, standby, "replica-b");
        await().atMost(START).until(() -> standby.stderr().contains("plugin 'postgres-capability': created"));
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - exited);
    }

    /** How long the plugin took to start, as its host logged it. */
    private static String pluginStart(OperatorProcess replica) {
        Matcher m = Pattern.compile("started in (\\d+) ms").matcher(replica.stderr());
        return m.find() ? "plugin started in " + m.group(1) + " ms" : "plugin start not logged";
    }

    /** A replica named {@code identity} (JOSDK's identity is the HOSTNAME, the pod's name in a cluster). */
    private OperatorProcess replica(EmbeddedCluster cluster, String identity, String standbyPlugins) throws Exception {
        Path dir = Files.createDirectory(work.resolve(identity));
        return OperatorProcess.startOn(cluster, dir, plugins, Map.of("HOSTNAME", identity), "--leader-election",
                "--standby-plugins", standbyPlugins);
    }

    /**
     * Waits until {@code replica} holds the Lease and runs its plugin, the Capability {@code db}
     * created (if missing) and reconciled: its Secret exists.
     */
    private static void awaitLeading(EmbeddedCluster cluster, OperatorProcess replica, String identity) {
        if (cluster.client().resources(Capability.class).inNamespace("default").withName("db").get() == null) {
            cluster.client().resource(Capability.of("db", "default", new CapabilitySpec("database", "postgres", null,
                    List.of()))).create();
        }
        await().atMost(TAKEOVER).pollInterval(Duration.ofMillis(200))
                .failFast("the replica exited: " + replica.describe(), () -> !replica.process().isAlive())
                .until(() -> identity.equals(holder(cluster)) && replica.plugins().size() == 1
                        && cluster.client().secrets().inNamespace("default").withName("db-config").get() != null);
    }

    private static String holder(EmbeddedCluster cluster) {
        Lease lease = cluster.client().leases().inNamespace("default").withName(LEASE).get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }
}
