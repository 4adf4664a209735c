package io.halkyon.plugin.host;

import static io.halkyon.plugin.host.PluginFilesForTests.install;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.api.PluginNotFoundException;
import io.halkyon.plugin.api.PluginUnavailableException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What a supervised plugin's handle hands out: nothing stale after a restart; and what kill() means. */
@ExtendWith(NoChildProcessesExtension.class)
class SupervisedHandleTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final PluginClientConfig TEMPLATE = PluginClientConfig.builder()
            .startTimeout(Scenarios.START_TIMEOUT).callTimeout(Duration.ofSeconds(10))
            .shutdownGrace(Duration.ofSeconds(1)).terminateGrace(Duration.ofSeconds(1)).build();
    private static final RestartPolicy QUICK = RestartPolicy.builder().initialBackoff(Duration.ofMillis(100))
            .maxBackoff(Duration.ofMillis(200)).jitter(0).build();

    @Test
    void whatTheHandleDispensesKeepsWorkingAcrossARestart(@TempDir Path dir) throws IOException {
        install(dir, "p", Scenarios.script("good"));
        try (PluginManager manager = PluginManager.builder(TEMPLATE).restartPolicy(QUICK)
                .healthChecks(HealthCheckPolicy.DISABLED).build()) {
            PluginHandle handle = manager.loadDirectory(dir).get(0);
            Plugin plugin = handle.dispense(CapabilityPlugins.KIND, Plugin.class);
            HealthGrpc.HealthBlockingStub raw = HealthGrpc.newBlockingStub(handle.connection().channel());
            long pid = handle.pid().getAsLong();

            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            await().atMost(WAIT).until(() -> handle.state() == PluginState.RUNNING && handle.pid().getAsLong() != pid);

            assertThat(handle.dispense(CapabilityPlugins.KIND, Plugin.class)).isSameAs(plugin);
            assertThat(plugin.checkValidity(PluginCallsTest.capability("after"))).isEmpty();
            assertThat(raw.check(HealthCheckRequest.newBuilder().setService("plugin").build()).getStatus())
                    .as("a stub made before the restart").isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
            assertThat(handle.connection().appVersion()).isEqualTo(1);
            assertThatThrownBy(() -> handle.dispense("kv_grpc", Object.class))
                    .isInstanceOf(PluginNotFoundException.class)
                    .hasMessage("plugin 'p': no plugin kind 'kv_grpc' for app protocol version 1; this host's plugin"
                            + " sets: version 1 [capability]");
        }
    }

    @Test
    void killStopsThePluginForGoodAndTheRegistryDropsIt(@TempDir Path dir) throws IOException {
        install(dir, "p", Scenarios.script("good"));
        List<PluginRegistry> published = new CopyOnWriteArrayList<>();
        try (PluginManager manager = PluginManager.builder(TEMPLATE).restartPolicy(QUICK)
                .healthChecks(HealthCheckPolicy.DISABLED).build()) {
            PluginHandle handle = manager.loadDirectory(dir).get(0);
            manager.addRegistryListener(published::add);
            Plugin proxy = manager.registry().find("test", "widget").orElseThrow();
            long pid = handle.pid().getAsLong();

            proxy.kill();

            assertThat(handle.state()).isEqualTo(PluginState.STOPPED);
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("process gone").isFalse();
            assertThat(manager.registry().find("test", "widget")).isEmpty();
            await().atMost(WAIT).until(() -> published.stream().anyMatch(r -> r.find("test", "widget").isEmpty()));
            assertThatThrownBy(() -> proxy.checkValidity(PluginCallsTest.capability("c")))
                    .isInstanceOf(PluginUnavailableException.class)
                    .hasMessage("plugin 'p' was stopped (killed, unloaded, reloaded or closed)");
            await().during(Duration.ofMillis(600)).atMost(WAIT).until(() -> handle.state() == PluginState.STOPPED);
            assertThat(handle.restartCount()).as("never restarted").isZero();
        }
    }
}
