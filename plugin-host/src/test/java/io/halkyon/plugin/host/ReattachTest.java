package io.halkyon.plugin.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.PluginHandshakeException;
import io.halkyon.plugin.api.TypeInfo;
import io.halkyon.plugin.host.testplugin.TestResource;
import io.halkyon.plugin.sdk.PluginServer;
import io.halkyon.plugin.sdk.ServeConfig;
import io.halkyon.plugin.sdk.ServedPlugin;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** go-plugin's reattach: to a plugin in this JVM (no process), and to a running process by pid. */
@ExtendWith(NoChildProcessesExtension.class)
class ReattachTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void anInJvmPairUsesTheSameCodePathsAndKillSendsShutdown() {
        ServedPlugin served = PluginServer.start(new TestResource("inproc", List.of(TypeInfo.of("widget", "1")), () -> 0),
                ServeConfig.defaults());
        try {
            PluginClient client = PluginClient.reattach(PluginClientConfig.builder().name("inproc").build(),
                    ReattachConfig.of(served.handshakeLine()));
            assertThat(client.pid()).isEmpty();
            assertThat(client.state()).isEqualTo(PluginState.RUNNING);
            Plugin plugin = CapabilityPlugins.dispense(client);
            assertThat(plugin.category()).isEqualTo("test");
            assertThat(plugin.readyFor(PluginCallsTest.capability("c")).get(0).build().getMetadata().getName())
                    .isNotBlank();

            client.kill();
            assertThat(client.state()).isEqualTo(PluginState.STOPPED);
            await().atMost(WAIT).until(served::isStopped);
        } finally {
            served.close();
        }
    }

    @Test
    void withAPidKillSignalsTheProcessWhenShutdownIsNotEnough() {
        // Launched by one client (its own process group), reattached by another as a debugger session would.
        try (PluginClient launched = PluginClient.start(Scenarios.config("stubborn").build())) {
            long pid = launched.pid().getAsLong();
            PluginClient attached = PluginClient.reattach(PluginClientConfig.builder().name("attached")
                            .shutdownGrace(Duration.ofMillis(300)).terminateGrace(Duration.ofSeconds(2)).build(),
                    ReattachConfig.of(launched.network(), launched.address(), launched.protocolVersion()).withPid(pid));
            assertThat(attached.pid()).hasValue(pid);
            attached.checkHealth(Duration.ofSeconds(5));

            attached.kill();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("gone").isNotEqualTo(
                    java.util.Optional.of(true));
            assertThat(attached.onExit()).isDone();
        }
    }

    @Test
    void whatCannotBeReattachedIsSaid() {
        PluginClientConfig config = PluginClientConfig.builder().name("r").build();
        assertThatThrownBy(() -> PluginClient.reattach(config, ReattachConfig.of("1|7|unix|/tmp/x.sock|grpc|")))
                .isInstanceOf(PluginHandshakeException.class)
                .hasMessageContaining("app protocol version 7 was not offered; the host offered [1]");
        assertThatThrownBy(() -> PluginClient.reattach(config.toBuilder().autoMtls(true).build(),
                ReattachConfig.of("1|1|unix|/tmp/x.sock|grpc|")))
                .isInstanceOf(PluginHandshakeException.class)
                .hasMessageContaining("cannot reattach with AutoMTLS");
        assertThatThrownBy(() -> PluginClient.reattach(config, ReattachConfig.of("1|1|unix|/tmp/x.sock|grpc|MIIB")))
                .isInstanceOf(PluginHandshakeException.class)
                .hasMessageContaining("answered with a TLS certificate (AutoMTLS), but this host did not ask for TLS");
        assertThatThrownBy(() -> PluginClient.reattach(config,
                ReattachConfig.of("1|1|unix|/tmp/halkyon-nothing-here.sock|grpc|")))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("nothing answers there");
    }
}
