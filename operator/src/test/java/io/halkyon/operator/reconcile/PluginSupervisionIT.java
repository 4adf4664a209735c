package io.halkyon.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.halkyon.operator.PluginRow;
import io.halkyon.operator.support.NoChildProcesses;
import io.halkyon.operator.support.OperatorFixture;
import io.halkyon.operator.support.TestPlugins;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilityStatus;
import io.halkyon.plugin.host.PluginHandle;
import io.halkyon.plugin.host.PluginState;
import io.halkyon.plugin.host.PluginStateChange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Capabilities of a plugin the host supervises: while it restarts they are Failed with a
 * temporary message and come back Ready once it is back; once it is in a crash loop they are
 * Failed with the cause, until its file changes.
 */
@ExtendWith(NoChildProcesses.class)
class PluginSupervisionIT {

    private static final String NS = "supervised";

    @TempDir
    Path plugins;
    @TempDir
    Path scratch;

    private OperatorFixture operator;
    private final List<PluginStateChange> changes = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
    }

    private PluginHandle handle() {
        return operator.plugins().plugins().stream().filter(h -> h.name().equals("test-crashing")).findFirst()
                .orElseThrow();
    }

    private long pid() {
        return handle().pid().orElseThrow();
    }

    @Test
    void whileItsPluginRestartsACapabilityIsFailedAsTemporaryThenReadyOnceItIsBack() throws Exception {
        Path crash = scratch.resolve("crash");
        TestPlugins.addTestPlugin(plugins, "crashing", crash.toString());
        // A slow restart, so a reconciliation happens while the plugin is RESTARTING; retries of a
        // failed plugin so slow that only the plugin coming back can bring the Capability back soon.
        operator = OperatorFixture.start(plugins,
                OperatorFixture.settings().pluginRetry(Duration.ofMinutes(2), Duration.ofMinutes(2)).build(),
                config -> config,
                restarts -> restarts.initialBackoff(Duration.ofSeconds(3)).maxBackoff(Duration.ofSeconds(3)).jitter(0));
        operator.plugins().addStateListener(changes::add);
        operator.create(OperatorFixture.capability(NS, "app", "test", "crashing", null));
        operator.awaitReason(NS, "app", CapabilityStatus.READY);

        ProcessHandle.of(pid()).orElseThrow().destroyForcibly();
        await().atMost(OperatorFixture.WAIT).until(() -> handle().state() == PluginState.RESTARTING);
        // A change to the Capability reconciles it now, while the plugin is down: calls fail fast.
        Capability app = operator.get(NS, "app");
        app.getSpec().setVersion("2");
        operator.client().resource(app).update();

        Capability failed = operator.awaitReason(NS, "app", CapabilityStatus.FAILED);
        assertThat(failed.getStatus().getMessage()).contains("plugin 'test-crashing' is restarting")
                .contains("temporary: retried with backoff, and at once when the plugin is back");

        // Back RUNNING: the registry change reconciles it at once, long before the 2 min retry.
        await().atMost(OperatorFixture.WAIT).until(() -> handle().state() == PluginState.RUNNING);
        Capability ready = await().atMost(Duration.ofSeconds(20)).until(() -> operator.get(NS, "app"),
                c -> CapabilityStatus.READY.equals(c.getStatus().getReason()));
        assertThat(ready.getStatus().getMessage()).contains("provided by plugin 'test-crashing'");
        assertThat(changes).extracting(PluginStateChange::to).containsSubsequence(PluginState.RESTARTING,
                PluginState.STARTING, PluginState.RUNNING);
        assertThat(handle().restartCount()).isEqualTo(1);
    }

    @Test
    void aCrashLoopingPluginLeavesItsCapabilitiesFailedWithTheCauseUntilItsFileChanges() throws Exception {
        Path crash = scratch.resolve("crash");
        TestPlugins.addTestPlugin(plugins, "crashing", crash.toString());
        operator = OperatorFixture.start(plugins, OperatorFixture.settings().build(), config -> config,
                restarts -> restarts.initialBackoff(Duration.ofMillis(200)).maxBackoff(Duration.ofMillis(400))
                        .jitter(0).crashLoop(3, Duration.ofMinutes(1)));
        operator.create(OperatorFixture.capability(NS, "app", "test", "crashing", null));
        operator.create(OperatorFixture.capability(NS, "other", "test", "crashing", null));
        operator.awaitReason(NS, "app", CapabilityStatus.READY);
        operator.awaitReason(NS, "other", CapabilityStatus.READY);

        // From now on every start of the plugin crashes half a second later.
        Files.writeString(crash, "crash");
        ProcessHandle.of(pid()).orElseThrow().destroyForcibly();

        await().atMost(OperatorFixture.WAIT).until(() -> handle().state() == PluginState.FAILED);
        // Both were Ready: the plugin giving up reconciles them, and their status gives the cause.
        for (String name : List.of("app", "other")) {
            Capability failed = operator.awaitReason(NS, name, CapabilityStatus.FAILED);
            assertThat(failed.getStatus().getMessage()).contains("plugin 'test-crashing'").contains("crash loop")
                    .contains("until its file changes");
        }
        PluginRow row = PluginRow.of(handle());
        assertThat(row.state()).isEqualTo("FAILED");
        assertThat(row.cause()).contains("crash loop");
        assertThat(row.restarts()).isGreaterThanOrEqualTo(2);

        // A new file (the fix) is loaded, and the Capabilities come back.
        Files.delete(crash);
        TestPlugins.addTestPlugin(plugins, "crashing", crash.toString());
        operator.awaitReason(NS, "app", CapabilityStatus.READY);
        operator.awaitReason(NS, "other", CapabilityStatus.READY);
        assertThat(handle().state()).isEqualTo(PluginState.RUNNING);
    }
}
