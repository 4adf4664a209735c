package io.halkyon.plugin.host;

import static io.halkyon.plugin.host.PluginFilesForTests.install;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.halkyon.plugin.api.PluginHandshakeException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A failed start, the first one too, is a failure like an exit: started again, or FAILED by the crash-loop rule. */
@ExtendWith(NoChildProcessesExtension.class)
class StartRetryTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final PluginClientConfig TEMPLATE = PluginClientConfig.builder()
            .startTimeout(Scenarios.START_TIMEOUT).callTimeout(Duration.ofSeconds(10))
            .shutdownGrace(Duration.ofSeconds(1)).terminateGrace(Duration.ofSeconds(1)).build();

    private final List<PluginStateChange> changes = new CopyOnWriteArrayList<>();
    private final List<PluginRegistry> published = new CopyOnWriteArrayList<>();

    @Test
    void aPluginKilledDuringItsFirstStartIsStartedAgainAndRuns(@TempDir Path dir, @TempDir Path scratch)
            throws IOException {
        install(dir, "flaky", Scenarios.script("die-first", scratch.resolve("died-once").toString()));
        RestartPolicy policy = RestartPolicy.builder().initialBackoff(Duration.ofMillis(200))
                .maxBackoff(Duration.ofMillis(200)).jitter(0).build();
        try (PluginManager manager = manager(policy)) {
            PluginHandle handle = manager.loadDirectory(dir).get(0);

            await().atMost(WAIT).until(() -> handle.state() == PluginState.RUNNING);
            assertThat(handle.restartCount()).isEqualTo(1);
            assertThat(changes).extracting(c -> c.from() + "->" + c.to()).containsExactly("STARTING->RESTARTING",
                    "RESTARTING->STARTING", "STARTING->RUNNING");
            assertThat(changes.get(0).cause()).isInstanceOf(PluginHandshakeException.class)
                    .hasMessageStartingWith("plugin 'flaky' exited with status 137 before printing its handshake line")
                    .hasMessageContaining("killed while starting");
            assertThat(manager.registry().find("test", "widget")).containsSame(handle.plugin().orElseThrow());
            // Registry listeners hear of it once it runs: Capabilities waiting for it are reconciled.
            await().atMost(WAIT).until(() -> published.stream().anyMatch(r -> r.find("test", "widget").isPresent()));
        }
    }

    @Test
    void aPluginThatFailsEveryStartEndsFailedByTheCrashLoopRuleWithTheLastCause(@TempDir Path dir)
            throws IOException {
        install(dir, "broken", Scenarios.script("exit-early"));
        RestartPolicy policy = RestartPolicy.builder().initialBackoff(Duration.ofMillis(50))
                .maxBackoff(Duration.ofMillis(100)).crashLoop(3, Duration.ofMinutes(1)).build();
        try (PluginManager manager = manager(policy)) {
            PluginHandle handle = manager.loadDirectory(dir).get(0);

            await().atMost(WAIT).until(() -> handle.state() == PluginState.FAILED);
            assertThat(handle.restartCount()).isEqualTo(2);
            assertThat(handle.failure()).get().satisfies(f -> {
                assertThat(f).hasMessageStartingWith("plugin 'broken' is in a crash loop: 3 failures within 1m;"
                        + " left FAILED until its file changes; last failure: plugin 'broken' exited with status 3"
                        + " before printing its handshake line");
                assertThat(f.getCause()).isInstanceOf(PluginHandshakeException.class)
                        .hasMessageContaining("[ERROR] cannot open /etc/no-such-config: no such file");
            });
            assertThat(changes).extracting(c -> c.from() + "->" + c.to()).containsExactly("STARTING->RESTARTING",
                    "RESTARTING->STARTING", "STARTING->RESTARTING", "RESTARTING->STARTING", "STARTING->FAILED");
            assertThat(manager.registry().plugins()).isEmpty();
        }
    }

    private PluginManager manager(RestartPolicy restart) {
        PluginManager manager = PluginManager.builder(TEMPLATE).restartPolicy(restart)
                .healthChecks(HealthCheckPolicy.DISABLED).build();
        manager.addStateListener(changes::add);
        manager.addRegistryListener(published::add);
        return manager;
    }
}
