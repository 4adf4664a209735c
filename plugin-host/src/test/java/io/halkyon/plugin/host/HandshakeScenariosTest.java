package io.halkyon.plugin.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.PluginHandshakeException;
import io.halkyon.plugin.api.PluginTimeoutException;
import io.halkyon.plugin.host.internal.StdoutReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Launch and handshake scenarios: each either loads or fails with a precise error and no process left. */
@ExtendWith(NoChildProcessesExtension.class)
class HandshakeScenariosTest {

    @Test
    void withoutTheCookieThePluginExitsWithStatusOneAndItsMessage() {
        PluginClientConfig config = Scenarios.config("good").cookie("HALKYON_TEST_NOT_THE_COOKIE", "x").build();
        assertThatThrownBy(() -> PluginClient.start(config))
                .isInstanceOf(PluginHandshakeException.class)
                .hasMessageContaining("plugin '" + config.name() + "' exited with status 1 before printing its handshake line")
                .hasMessageContaining("This binary is a plugin. These are not meant to be executed directly.");
    }

    @Test
    void aGarbageFirstLineIsSkippedAndThePluginLoads() {
        try (LogCapture stray = new LogCapture(StdoutReader.class.getName());
             PluginClient client = PluginClient.start(Scenarios.config("garbage").build())) {
            assertThat(client.state()).isEqualTo(PluginState.RUNNING);
            assertThat(stray.messages()).singleElement().asString()
                    .startsWith("plugin '" + client.name() + "': skipping stray stdout line before the handshake: ")
                    .contains("#!");
        }
    }

    @Test
    void strayLinesBeforeTheHandshakeAreLoggedAndSkipped() {
        try (LogCapture stray = new LogCapture(StdoutReader.class.getName());
             PluginClient client = PluginClient.start(Scenarios.config("stray").build())) {
            assertThat(client.state()).isEqualTo(PluginState.RUNNING);
            assertThat(CapabilityPlugins.dispense(client).category()).isEqualTo("test");
            assertThat(stray.messages()).hasSize(3).allSatisfy(m -> assertThat(m).contains("skipping stray stdout line"));
            assertThat(stray.messages().get(0)).endsWith("Picked up JAVA_TOOL_OPTIONS: -Xmx1g");
            assertThat(stray.messages().get(1)).endsWith("hello|world");
        }
    }

    @Test
    void aWrongCoreVersionIsRejectedQuotingTheLine() {
        assertRejected("wrong-core", "\"2|1|unix|/tmp/no-such-plugin.sock|grpc|\": core protocol version 2 is not supported, expected 1");
    }

    @Test
    void netrpcIsRejected() {
        assertRejected("netrpc", "\"1|1|tcp|127.0.0.1:1234|netrpc|\": protocol 'netrpc' is not supported: only grpc is supported");
    }

    @Test
    void anAppVersionThatWasNotOfferedIsRejected() {
        assertRejected("app-version", "\"1|5|unix|/tmp/no-such-plugin.sock|grpc|\": app protocol version 5 was not offered; the host offered [1]");
    }

    @Test
    void aPluginThatNeverAnswersTimesOutAndIsKilled() {
        PluginClientConfig config = Scenarios.config("silent").startTimeout(Duration.ofSeconds(1)).build();
        List<PluginStateChange> changes = new ArrayList<>();
        long start = System.nanoTime();
        assertThatThrownBy(() -> PluginClient.start(config, changes::add))
                .isInstanceOfSatisfying(PluginTimeoutException.class, e -> {
                    assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(1));
                    assertThat(e.pluginName()).isEqualTo(config.name());
                })
                .hasMessageContaining("did not print its handshake line within 1s; it printed nothing else on stdout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(changes).extracting(PluginStateChange::to).containsExactly(PluginState.FAILED);
    }

    @Test
    void aPluginThatExitsBeforeTheHandshakeReportsItsStatusAndLastStderrLines() {
        PluginClientConfig config = Scenarios.config("exit-early").build();
        assertThatThrownBy(() -> PluginClient.start(config))
                .isInstanceOf(PluginHandshakeException.class)
                .hasMessageContaining("exited with status 3 before printing its handshake line")
                .hasMessageContaining("[INFO] loading configuration")
                .hasMessageContaining("[ERROR] cannot open /etc/no-such-config: no such file");
    }

    @Test
    void aHealthServiceThatIsNotServingFailsTheStart() {
        assertThatThrownBy(() -> PluginClient.start(Scenarios.config("not-serving").build()))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("health service 'plugin' answered NOT_SERVING, expected SERVING");
    }

    @Test
    void aCapabilityPluginWithoutCategoryFailsItsDispense() {
        try (PluginClient client = PluginClient.start(Scenarios.config("no-category").build())) {
            assertThatThrownBy(() -> CapabilityPlugins.dispense(client))
                    .isExactlyInstanceOf(PluginException.class)
                    .hasMessageEndingWith("': GetInfo returned an empty category");
        }
    }

    @Test
    void aCapabilityPluginWithoutTypesFailsItsDispense() {
        PluginClientConfig config = Scenarios.config("no-types").build();
        try (PluginClient client = PluginClient.start(config)) {
            assertThatThrownBy(() -> CapabilityPlugins.dispense(client))
                    .isExactlyInstanceOf(PluginException.class)
                    .hasMessage("plugin '" + config.name() + "': GetInfo returned no types for category 'test'");
        }
    }

    @Test
    void aCommandThatCannotRunFailsClearly() {
        PluginClientConfig config = PluginClientConfig.builder().command(List.of("/no/such/plugin")).build();
        assertThatThrownBy(() -> PluginClient.start(config))
                .isInstanceOf(PluginException.class)
                .hasMessage("plugin 'plugin': cannot launch /no/such/plugin: no such file");
    }

    private static void assertRejected(String scenario, String quoteAndProblem) {
        PluginClientConfig config = Scenarios.config(scenario).build();
        assertThatThrownBy(() -> PluginClient.start(config))
                .isInstanceOf(PluginHandshakeException.class)
                .hasMessage("plugin '" + config.name() + "' printed an invalid handshake line " + quoteAndProblem);
    }
}
