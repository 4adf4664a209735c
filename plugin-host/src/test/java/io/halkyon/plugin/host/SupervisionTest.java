package io.halkyon.plugin.host;

import static io.halkyon.plugin.host.PluginFilesForTests.install;
import static io.halkyon.plugin.host.PluginFilesForTests.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.PluginUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor: restarts after an exit or missed health checks, crash loops, the stable registry proxy. */
@ExtendWith(NoChildProcessesExtension.class)
class SupervisionTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final PluginClientConfig TEMPLATE = PluginClientConfig.builder()
            .startTimeout(Scenarios.START_TIMEOUT).callTimeout(Duration.ofSeconds(10))
            .shutdownGrace(Duration.ofSeconds(1)).terminateGrace(Duration.ofSeconds(1)).build();

    private final List<PluginStateChange> changes = new CopyOnWriteArrayList<>();
    private final List<PluginRegistry> published = new CopyOnWriteArrayList<>();

    @Test
    void anExitedPluginIsRestartedOnItsHandleWhileTheRegistryServesARetryableError(@TempDir Path dir)
            throws IOException {
        install(dir, "p", Scenarios.script("good"));
        RestartPolicy policy = RestartPolicy.builder().initialBackoff(Duration.ofMillis(1500))
                .maxBackoff(Duration.ofMillis(1500)).jitter(0).build();
        try (PluginManager manager = manager(policy, HealthCheckPolicy.DISABLED)) {
            PluginHandle handle = manager.loadDirectory(dir).get(0);
            Plugin proxy = manager.registry().find("test", "widget").orElseThrow();
            assertThat(handle.plugin()).containsSame(proxy);
            List<DependentResource> listedBefore = proxy.readyFor(PluginCallsTest.capability("c"));
            long pid = handle.pid().getAsLong();
            Path socket = Path.of(handle.address().orElseThrow());

            ProcessHandle.of(pid).orElseThrow().destroyForcibly();

            await().atMost(WAIT).until(() -> handle.state() == PluginState.RESTARTING);
            // The registry is rebuilt by the state listener, just after the state itself changes.
            await().atMost(WAIT).until(() -> manager.registry().stateOf(proxy).equals(Optional.of(PluginState.RESTARTING)));
            assertThat(manager.registry().find("test", "widget")).as("still served").containsSame(proxy);
            assertThat(handle.failure()).get().asString().contains("exited unexpectedly with status 137");
            assertThatThrownBy(() -> proxy.readyFor(PluginCallsTest.capability("c")))
                    .isInstanceOfSatisfying(PluginUnavailableException.class, e -> assertThat(e.isRetryable()).isTrue())
                    .hasMessageMatching("plugin 'p' is restarting \\(attempt 1\\), retry in \\d+(ms|s); last failure:"
                            + " plugin 'p' \\(pid " + pid + "\\) exited unexpectedly with status 137");

            await().atMost(WAIT).until(() -> handle.state() == PluginState.RUNNING);
            assertThat(handle.restartCount()).isEqualTo(1);
            assertThat(handle.failure()).isEmpty();
            assertThat(handle.pid().getAsLong()).isNotEqualTo(pid);
            assertThat(socket.getParent()).as("the SIGKILLed plugin's socket directory was removed").doesNotExist();
            assertThat(manager.plugins()).containsExactly(handle);
            assertThat(proxy.readyFor(PluginCallsTest.capability("c"))).as("same proxy, new process").hasSize(2);
            assertThatThrownBy(() -> listedBefore.get(0).build())
                    .isInstanceOf(PluginUnavailableException.class)
                    .hasMessage("plugin 'p' was restarted since these dependents were listed; list them again");
            assertThat(changes).extracting(c -> c.from() + "->" + c.to()).containsExactly("STARTING->RUNNING",
                    "RUNNING->RESTARTING", "RESTARTING->STARTING", "STARTING->RUNNING");
            assertThat(changes.get(1).cause()).hasMessageContaining("exited unexpectedly with status 137");
            assertThat(changes).allSatisfy(c -> assertThat(c.pluginName()).isEqualTo("p"));
            // Listeners: the load, the plugin unavailable, back RUNNING (reconcile what it serves).
            await().atMost(WAIT).until(() -> published.size() >= 3);
            assertThat(published).extracting(r -> r.stateOf(proxy).orElseThrow())
                    .containsExactly(PluginState.RUNNING, PluginState.RESTARTING, PluginState.RUNNING);
        }
    }

    @Test
    void aPluginThatStopsAnsweringHealthChecksIsKilledAndRestarted(@TempDir Path dir) throws IOException {
        Path trigger = dir.resolve(".freeze-now");
        install(dir, "frozen", Scenarios.script("freeze", trigger.toString()));
        RestartPolicy policy = RestartPolicy.builder().initialBackoff(Duration.ofMillis(100)).build();
        HealthCheckPolicy health = HealthCheckPolicy.every(Duration.ofMillis(200), Duration.ofMillis(300), 2);
        try (PluginManager manager = manager(policy, health)) {
            PluginHandle handle = manager.loadDirectory(dir).get(0);
            long pid = handle.pid().getAsLong();
            await().during(Duration.ofMillis(800)).atMost(WAIT).until(() -> handle.state() == PluginState.RUNNING);

            Files.createFile(trigger); // the plugin SIGSTOPs itself: alive, answering nothing

            await().atMost(WAIT).until(() -> handle.restartCount() == 1 && handle.state() == PluginState.RUNNING);
            assertThat(running(pid)).as("the frozen process was killed").isFalse();
            assertThat(handle.pid().getAsLong()).isNotEqualTo(pid);
            assertThat(changes).extracting(c -> c.from() + "->" + c.to()).containsExactly("STARTING->RUNNING",
                    "RUNNING->UNHEALTHY", "UNHEALTHY->RESTARTING", "RESTARTING->STARTING", "STARTING->RUNNING");
            assertThat(changes.get(1).cause()).isInstanceOf(PluginUnavailableException.class)
                    .hasMessageStartingWith("plugin 'frozen' (pid " + pid + ") missed 2 health checks in a row"
                            + " (every 200ms, deadline 300ms); last: ");
            assertThat(handle.plugin().orElseThrow().checkValidity(PluginCallsTest.capability("c"))).isEmpty();
        }
    }

    @Test
    void aCrashLoopLeavesItFailedWithItsCauseUntilItsFileChanges(@TempDir Path dir) throws IOException {
        Path trigger = dir.resolve(".die-now");
        install(dir, "loop", Scenarios.script("die-when", trigger.toString(), "5"));
        RestartPolicy policy = RestartPolicy.builder().initialBackoff(Duration.ofMillis(50))
                .maxBackoff(Duration.ofMillis(100)).crashLoop(3, Duration.ofMinutes(1)).build();
        try (PluginManager manager = manager(policy, HealthCheckPolicy.DISABLED)) {
            PluginHandle handle = manager.watch(dir, Duration.ofMillis(100)).get(0);
            Plugin proxy = manager.registry().find("test", "widget").orElseThrow();

            Files.createFile(trigger); // this process and every restarted one exit with 5

            await().atMost(WAIT).until(() -> handle.state() == PluginState.FAILED);
            assertThat(handle.restartCount()).isEqualTo(2);
            assertThat(handle.failure()).get().satisfies(f -> {
                assertThat(f.getMessage()).startsWith("plugin 'loop' is in a crash loop: 3 failures within 1m;"
                        + " left FAILED until its file changes; last failure: plugin 'loop' ").contains("status 5");
                assertThat(f.getCause()).hasMessageContaining("[ERROR] giving up: .die-now exists");
            });
            assertThat(changes).filteredOn(c -> c.to() == PluginState.FAILED).singleElement()
                    .satisfies(c -> assertThat(c.cause()).isSameAs(handle.failure().get()));
            assertThat(manager.registry().find("test", "widget")).as("still served").containsSame(proxy);
            assertThat(manager.registry().stateOf(proxy)).contains(PluginState.FAILED);
            assertThatThrownBy(() -> proxy.readyFor(PluginCallsTest.capability("c")))
                    .isExactlyInstanceOf(PluginException.class)
                    .satisfies(e -> assertThat(((PluginException) e).isRetryable()).isFalse())
                    .hasMessageStartingWith("plugin 'loop' is in a crash loop: 3 failures within 1m");
            await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> handle.state() == PluginState.FAILED
                    && ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive));

            install(dir, "loop", Scenarios.script("good"));

            await().atMost(WAIT).until(() -> manager.registry().find("test", "widget")
                    .flatMap(p -> manager.registry().stateOf(p)).orElse(null) == PluginState.RUNNING);
            assertThat(manager.plugins()).singleElement().isNotSameAs(handle)
                    .satisfies(h -> assertThat(h.state()).isEqualTo(PluginState.RUNNING));
            assertThat(manager.registry().find("test", "widget")).get().isNotSameAs(proxy);
        }
    }

    private PluginManager manager(RestartPolicy restart, HealthCheckPolicy health) {
        PluginManager manager = PluginManager.builder(TEMPLATE).restartPolicy(restart).healthChecks(health).build();
        manager.addStateListener(changes::add);
        manager.addRegistryListener(published::add);
        return manager;
    }
}
