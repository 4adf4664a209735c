package io.halkyon.plugin.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.api.PluginUnavailableException;
import io.halkyon.plugin.host.internal.ProcessTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** kill(): bounded, idempotent, and it reaps the whole process tree. */
@ExtendWith(NoChildProcessesExtension.class)
class KillTest {

    @Test
    void aPluginIgnoringShutdownAndSigtermIsGoneWithinItsBound() {
        Duration shutdownGrace = Duration.ofMillis(700);
        Duration terminateGrace = Duration.ofMillis(700);
        PluginClient client = PluginClient.start(Scenarios.config("stubborn")
                .shutdownGrace(shutdownGrace).terminateGrace(terminateGrace).build());
        assertThat(client.network()).isEqualTo("tcp");
        ProcessHandle process = ProcessHandle.of(client.pid().getAsLong()).orElseThrow();

        long start = System.nanoTime();
        client.kill();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(process.isAlive()).isFalse();
        assertThat(took).as("went through both graces").isGreaterThanOrEqualTo(shutdownGrace.plus(terminateGrace))
                .isLessThan(shutdownGrace.plus(terminateGrace).plusSeconds(3));
        assertThat(client.recentStderr()).contains("[WARN] ignoring Shutdown", "[WARN] ignoring SIGTERM");
        assertThat(client.state()).isEqualTo(PluginState.STOPPED);
        assertThat(client.onExit()).succeedsWithin(Duration.ofSeconds(1)).isEqualTo(128 + 9);
    }

    @Test
    void aPluginThatForkedGrandchildrenLeavesNothingBehind(@TempDir Path dir) throws Exception {
        Path pids = dir.resolve("pids");
        PluginClient client = PluginClient.start(Scenarios.config("grandchild", pids.toString()).build());
        List<Long> grandchildren = Arrays.stream(Files.readString(pids).trim().split(" ")).map(Long::parseLong).toList();
        assertThat(grandchildren).hasSize(2).allSatisfy(pid -> assertThat(running(pid)).isTrue());
        assertThat(ProcessHandle.of(grandchildren.get(1)).flatMap(ProcessHandle::parent).map(ProcessHandle::pid))
                .as("the orphan was re-parented away from the plugin").isNotEqualTo(java.util.Optional.of(client.pid().getAsLong()));

        client.kill();

        assertThat(grandchildren).allSatisfy(pid -> assertThat(running(pid)).as("pid %d", pid).isFalse());
        assertThat(client.state()).isEqualTo(PluginState.STOPPED);
    }

    @Test
    void killIsIdempotentAndConcurrentCallsAreFine() {
        List<PluginStateChange> changes = new CopyOnWriteArrayList<>();
        PluginClient client = PluginClient.start(Scenarios.config("good").build(), changes::add);
        Plugin plugin = CapabilityPlugins.dispense(client);
        List<CompletableFuture<Void>> kills = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            kills.add(CompletableFuture.runAsync(i % 2 == 0 ? client::kill : plugin::kill));
        }
        assertThat(CompletableFuture.allOf(kills.toArray(CompletableFuture[]::new)))
                .succeedsWithin(Duration.ofSeconds(10));
        assertThat(client.state()).isEqualTo(PluginState.STOPPED);
        assertThat(client.onExit()).isCompletedWithValue(0);

        long start = System.nanoTime();
        client.kill();
        client.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
        assertThat(changes).extracting(c -> c.from() + "->" + c.to())
                .containsExactly("STARTING->RUNNING", "RUNNING->STOPPING", "STOPPING->STOPPED");
        assertThatThrownBy(() -> plugin.readyFor(PluginCallsTest.capability("x")))
                .isInstanceOf(PluginUnavailableException.class)
                .hasMessageContaining("is not running (STOPPED)");
        assertThatThrownBy(() -> client.checkHealth(Duration.ofSeconds(1)))
                .isInstanceOf(PluginUnavailableException.class)
                .hasMessageContaining("is not running (STOPPED)");
    }

    private static boolean running(long pid) {
        return ProcessHandle.of(pid).map(ProcessTree::isRunning).orElse(false);
    }
}
