package io.halkyon.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.halkyon.operator.crd.CapabilityInfo;
import io.halkyon.operator.support.NoChildProcesses;
import io.halkyon.operator.support.OperatorFixture;
import io.halkyon.operator.support.TestPlugins;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilityStatus;
import io.halkyon.plugin.api.DependentCondition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The reconciler against the embedded API server, with the real postgres example plugin. */
@ExtendWith(NoChildProcesses.class)
class CapabilityReconcilerIT {

    private static final String NS = "apps";

    @TempDir
    Path plugins;

    private OperatorFixture operator;

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
    }

    private void startWithPostgres() throws Exception {
        TestPlugins.addPostgres(plugins);
        operator = OperatorFixture.start(plugins, OperatorFixture.settings().build());
    }

    private static Capability postgres(String name, String version) {
        return OperatorFixture.capability(NS, name, "database", "postgres", version, "DB_PASSWORD=s3cret");
    }

    @Test
    void capabilityGetsOwnedDependentsThenReadyOnceTheStatefulSetIs() throws Exception {
        startWithPostgres();
        Capability created = operator.create(postgres("db", "15"));

        Capability pending = operator.awaitReason(NS, "db", CapabilityStatus.PENDING);
        assertThat(pending.getStatus().getMessage()).contains("StatefulSet db").contains("0/1 replicas ready");
        var client = operator.client();
        Secret secret = client.secrets().inNamespace(NS).withName("db-config").get();
        Service service = client.services().inNamespace(NS).withName("db").get();
        StatefulSet statefulSet = client.apps().statefulSets().inNamespace(NS).withName("db").get();
        for (HasMetadata object : List.of(secret, service, statefulSet)) {
            assertThat(object).as("dependent").isNotNull();
            OwnerReference ref = object.getMetadata().getOwnerReferences().get(0);
            assertThat(ref.getKind()).isEqualTo("Capability");
            assertThat(ref.getApiVersion()).isEqualTo("halkyon.io/v1beta1");
            assertThat(ref.getName()).isEqualTo("db");
            assertThat(ref.getUid()).isEqualTo(created.getMetadata().getUid());
            assertThat(ref.getController()).isTrue();
            assertThat(object.getMetadata().getLabels()).containsEntry(DependentObjects.CAPABILITY_LABEL, "db");
        }

        // The kubelet's part: the StatefulSet's watch must re-reconcile the Capability at once.
        long before = System.nanoTime();
        client.apps().statefulSets().inNamespace(NS).withName("db").editStatus(s -> {
            s.setStatus(new io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder().withReplicas(1)
                    .withReadyReplicas(1).build());
            return s;
        });
        Capability ready = operator.awaitReason(NS, "db", CapabilityStatus.READY);
        assertThat(Duration.ofNanos(System.nanoTime() - before))
                .as("a watched dependent becoming ready re-reconciles at once, not at a resync")
                .isLessThan(Duration.ofSeconds(10));
        assertThat(ready.getStatus().getMessage()).contains("postgres-capability");
        DependentCondition condition = ready.getStatus().getDependents().get(0);
        assertThat(condition.getType()).isEqualTo(DependentCondition.READY);
        assertThat(condition.getDependentType()).isEqualTo("StatefulSet");
        assertThat(condition.getDependentName()).isEqualTo("db");
        assertThat(ready.getStatus().getLastUpdate()).isNotBlank();
    }

    @Test
    void conditionTimesAndStatusStayAsTheyAreWhenReconcilingChangesNothing() throws Exception {
        startWithPostgres();
        operator.markWorkloadsReady();
        operator.create(postgres("stable", null));
        CapabilityStatus first = operator.awaitReason(NS, "stable", CapabilityStatus.READY).getStatus();
        String transition = first.getDependents().get(0).getLastTransitionTime();
        assertThat(transition).isNotBlank();

        // A change to a watched dependent re-reconciles; nothing in the status changes.
        int reconciled = operator.reconciliations();
        int written = operator.statusHistory().size();
        operator.client().services().inNamespace(NS).withName("stable")
                .edit(s -> {
                    s.getMetadata().setAnnotations(Map.of("touched", "yes"));
                    return s;
                });
        await().atMost(OperatorFixture.WAIT).until(() -> operator.reconciliations() > reconciled);
        CapabilityStatus after = operator.get(NS, "stable").getStatus();
        assertThat(after).isEqualTo(first);
        assertThat(after.getDependents().get(0).getLastTransitionTime()).isEqualTo(transition);
        assertThat(operator.statusHistory()).as("no status written").hasSize(written);
    }

    @Test
    void versionNotOfferedIsFailedNamingWhatExists() throws Exception {
        startWithPostgres();
        operator.create(postgres("old", "9"));
        Capability failed = operator.awaitReason(NS, "old", CapabilityStatus.FAILED);
        assertThat(failed.getStatus().getMessage())
                .contains("category 'database'", "type 'postgres'", "version '9'", "13, 14, 15, 16");
        assertThat(operator.client().apps().statefulSets().inNamespace(NS).withName("old").get()).isNull();
    }

    @Test
    void invalidCapabilityIsFailedWithThePluginsMessages() throws Exception {
        startWithPostgres();
        operator.create(OperatorFixture.capability(NS, "badport", "Database", "POSTGRES", null, "DB_PORT=99999"));
        Capability failed = operator.awaitReason(NS, "badport", CapabilityStatus.FAILED);
        assertThat(failed.getStatus().getMessage()).contains("postgres-capability").contains("DB_PORT");
    }

    @Test
    void deletingTheCapabilityDeletesWhatItOwns() throws Exception {
        startWithPostgres();
        operator.markWorkloadsReady();
        operator.create(postgres("gone", null));
        operator.awaitReason(NS, "gone", CapabilityStatus.READY);
        var client = operator.client();
        // Not owned: must survive the deletion although it carries the label.
        client.configMaps().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata().withName("unowned").addToLabels(DependentObjects.CAPABILITY_LABEL, "gone").endMetadata()
                .build()).create();

        client.resources(Capability.class).inNamespace(NS).withName("gone").delete();

        await().atMost(OperatorFixture.WAIT).untilAsserted(() -> {
            assertThat(operator.get(NS, "gone")).as("Capability").isNull();
            assertThat(client.secrets().inNamespace(NS).withName("gone-config").get()).as("Secret").isNull();
            assertThat(client.services().inNamespace(NS).withName("gone").get()).as("Service").isNull();
            assertThat(client.apps().statefulSets().inNamespace(NS).withName("gone").get()).as("StatefulSet").isNull();
        });
        assertThat(client.configMaps().inNamespace(NS).withName("unowned").get()).isNotNull();
    }

    @Test
    void fiftyCapabilitiesCreatedAtOnceAllReachReady() throws Exception {
        startWithPostgres();
        operator.markWorkloadsReady();
        List<String> names = IntStream.range(0, 50).mapToObj(i -> "db-" + i).toList();

        long start = System.nanoTime();
        names.forEach(name -> operator.create(postgres(name, null)));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() ->
                operator.client().resources(Capability.class).inNamespace(NS).list().getItems().stream()
                        .filter(c -> c.getStatus() != null && CapabilityStatus.READY.equals(c.getStatus().getReason()))
                        .count() == names.size());
        long elapsedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
        System.out.println("FIGURE fifty_capabilities_ready_ms=" + elapsedMs);

        assertThat(operator.client().apps().statefulSets().inNamespace(NS).list().getItems()).hasSize(50);
        assertThat(operator.client().secrets().inNamespace(NS).list().getItems()).hasSize(50);
    }

    @Test
    void capabilityInfosFollowTheLoadedPlugins() throws Exception {
        startWithPostgres();
        var infos = operator.client().resources(CapabilityInfo.class);
        CapabilityInfo postgres = await().atMost(OperatorFixture.WAIT)
                .until(() -> infos.withName("database-postgres").get(), i -> i != null);
        assertThat(postgres.getSpec().getCategory()).isEqualTo("database");
        assertThat(postgres.getSpec().getType()).isEqualTo("postgres");
        assertThat(postgres.getSpec().getVersions()).containsExactly("13", "14", "15", "16");
        assertThat(postgres.getSpec().getPlugin()).isEqualTo("postgres-capability");

        TestPlugins.addTestPlugin(plugins, "elsewhere");
        await().atMost(OperatorFixture.WAIT).untilAsserted(() -> assertThat(infos.list().getItems())
                .extracting(i -> i.getMetadata().getName())
                .containsExactlyInAnyOrder("database-postgres", "test-elsewhere"));

        java.nio.file.Files.delete(plugins.resolve("postgres-capability.jar"));
        await().atMost(OperatorFixture.WAIT).untilAsserted(() -> assertThat(infos.list().getItems())
                .extracting(i -> i.getMetadata().getName())
                .containsExactly("test-elsewhere"));
    }

    @Test
    void objectsForAnotherNamespaceOrClusterScopedAreRefusedNamingThePluginAndNothingIsApplied() throws Exception {
        TestPlugins.addTestPlugin(plugins, "elsewhere");
        operator = OperatorFixture.start(plugins, OperatorFixture.settings().build());
        operator.create(OperatorFixture.capability(NS, "sneaky", "test", "elsewhere", null));

        Capability failed = operator.awaitReason(NS, "sneaky", CapabilityStatus.FAILED);
        var client = operator.client();
        // The first dependent is fine, but the two after it are refused: none is written.
        assertThat(client.configMaps().inNamespace(NS).withName("sneaky-here").get())
                .as("the valid object of a Capability with refused objects").isNull();
        assertThat(client.configMaps().inNamespace(ElsewhereNamespace.OTHER).withName("sneaky-elsewhere").get())
                .as("nothing written in the other namespace").isNull();
        assertThat(client.configMaps().inAnyNamespace().list().getItems())
                .extracting(c -> c.getMetadata().getName()).doesNotContain("sneaky-elsewhere", "sneaky-here");
        assertThat(client.resources(ClusterRole.class).withName("sneaky-role").get()).as("no ClusterRole").isNull();

        List<DependentCondition> conditions = failed.getStatus().getDependents();
        assertThat(conditions).extracting(DependentCondition::getDependentName)
                .containsExactly("sneaky-elsewhere", "sneaky-role");
        DependentCondition elsewhere = conditions.get(0);
        assertThat(elsewhere.getType()).isEqualTo(DependentCondition.FAILED);
        assertThat(elsewhere.getReason()).isEqualTo("Rejected");
        assertThat(elsewhere.getMessage()).contains("plugin 'test-elsewhere'")
                .contains("namespace 'other' is not the Capability's namespace 'apps'");
        DependentCondition role = conditions.get(1);
        assertThat(role.getMessage()).contains("plugin 'test-elsewhere'").contains("cluster-scoped");
        assertThat(failed.getStatus().getMessage()).startsWith("nothing was applied for plugin 'test-elsewhere'")
                .contains("namespace 'other'").contains("cluster-scoped");
    }

    /** The namespace the test plugin aims at. */
    private static final class ElsewhereNamespace {
        static final String OTHER = "other";
    }
}
