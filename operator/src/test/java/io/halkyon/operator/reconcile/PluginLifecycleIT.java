package io.halkyon.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.halkyon.operator.support.NoChildProcesses;
import io.halkyon.operator.support.OperatorFixture;
import io.halkyon.operator.support.TestPlugins;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilityStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Plugins coming, going and crashing while the operator runs: no restart of the operator. */
@ExtendWith(NoChildProcesses.class)
class PluginLifecycleIT {

    private static final String NS = "team";

    @TempDir
    Path plugins;
    @TempDir
    Path scratch;

    private OperatorFixture operator;

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void unknownTypeIsFailedThenReadyOnceItsPluginFileIsAdded() throws Exception {
        operator = OperatorFixture.start(plugins, OperatorFixture.settings().build());
        operator.markWorkloadsReady();
        operator.create(OperatorFixture.capability(NS, "late", "database", "postgres", "16"));

        Capability failed = operator.awaitReason(NS, "late", CapabilityStatus.FAILED);
        assertThat(failed.getStatus().getMessage())
                .contains("no plugin provides category 'database', type 'postgres', version '16'")
                .contains("available: none");

        TestPlugins.addPostgres(plugins);

        Capability ready = operator.awaitReason(NS, "late", CapabilityStatus.READY);
        assertThat(ready.getStatus().getMessage()).contains("postgres-capability");
        assertThat(operator.client().apps().statefulSets().inNamespace(NS).withName("late").get()).isNotNull();
    }

    @Test
    void pluginKilledMidReconcileFailsOnlyItsCapabilitiesThenRecovers() throws Exception {
        TestPlugins.addTestPlugin(plugins, "blocking");
        TestPlugins.addPostgres(plugins);
        operator = OperatorFixture.start(plugins, OperatorFixture.settings().build());
        operator.markWorkloadsReady();
        operator.create(OperatorFixture.capability(NS, "bystander", "database", "postgres", null));
        operator.awaitReason(NS, "bystander", CapabilityStatus.READY);

        Path block = scratch.resolve("block");
        Files.writeString(block, "block the next condition call");
        operator.create(OperatorFixture.capability(NS, "victim", "test", "blocking", null, "blockFile=" + block));

        // The plugin is now inside the condition call of a reconciliation: kill it there.
        Path pidFile = Path.of(block + ".pid");
        await().atMost(OperatorFixture.WAIT).until(() -> Files.exists(pidFile));
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        ProcessHandle plugin = ProcessHandle.of(pid).orElseThrow();
        assertThat(plugin.parent().map(ProcessHandle::pid)).as("a plugin process of this JVM")
                .contains(ProcessHandle.current().pid());
        plugin.destroyForcibly();

        // Failed with the plugin's message, then Ready once the manager relaunched it.
        await().atMost(OperatorFixture.WAIT).untilAsserted(() -> assertThat(operator.statusHistory())
                .anySatisfy(s -> assertThat(s).startsWith(NS + "/victim Failed: plugin 'test-blocking' is unavailable")));
        operator.awaitReason(NS, "victim", CapabilityStatus.READY);

        // The other plugin's Capability never left Ready.
        assertThat(operator.statusHistory()).filteredOn(s -> s.startsWith(NS + "/bystander "))
                .noneMatch(s -> s.contains(" Failed"));
        assertThat(operator.get(NS, "bystander").getStatus().getReason()).isEqualTo(CapabilityStatus.READY);
    }
}
