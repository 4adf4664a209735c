package io.halkyon.plugin.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.halkyon.plugin.api.PluginHandshakeException;
import io.halkyon.plugin.host.internal.StderrForwarder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every plugin's stdout and stderr are read by one thread of the host and logged by another: a
 * plugin costs the host no thread of its own but the JDK's process reaper.
 */
@ExtendWith(NoChildProcessesExtension.class)
class SharedOutputThreadsTest {

    @Test
    void theOutputOfEveryPluginIsReadByOneThreadAndLoggedByAnother() {
        List<PluginClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                clients.add(PluginClient.start(Scenarios.config("levels").build()));
            }
            assertThat(clients).allMatch(c -> c.state() == PluginState.RUNNING);
            List<String> names = Thread.getAllStackTraces().keySet().stream().map(Thread::getName).toList();
            assertThat(names.stream().filter("plugin-output"::equals)).hasSize(1);
            assertThat(names.stream().filter("plugin-log"::equals)).hasSize(1);
            Set<String> own = clients.stream().map(c -> "plugin-" + c.name()).collect(Collectors.toSet());
            assertThat(names).as("no thread of a plugin's own").noneMatch(n -> own.stream().anyMatch(n::startsWith));
        } finally {
            clients.forEach(PluginClient::kill);
        }
    }

    @Test
    void aPluginFloodingItsOutputDoesNotHoldUpAnotherPluginsStart() {
        PluginClientConfig floodConfig = Scenarios.config("endless-flood").build();
        try (LogCapture floodLog = new LogCapture(StderrForwarder.pluginLoggerName(floodConfig.name()));
             PluginClient flood = PluginClient.start(floodConfig)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> floodLog.messages().stream()
                    .anyMatch(m -> m.startsWith("endless ")));
            try (PluginClient quiet = PluginClient.start(Scenarios.config("good").build())) {
                assertThat(quiet.state()).as("started within its start timeout during the flood")
                        .isEqualTo(PluginState.RUNNING);
                assertThat(CapabilityPlugins.dispense(quiet).checkValidity(PluginCallsTest.capability("q"))).isEmpty();
            }
            assertThat(flood.state()).isEqualTo(PluginState.RUNNING);
        }
    }

    @Test
    void theLastStderrLinesOfAPluginThatExitedAreLogged() {
        PluginClientConfig config = Scenarios.config("exit-early").build();
        try (LogCapture log = new LogCapture(StderrForwarder.pluginLoggerName(config.name()))) {
            assertThatThrownBy(() -> PluginClient.start(config)).isInstanceOf(PluginHandshakeException.class)
                    .hasMessageContaining("exited with status 3");
            await().atMost(Duration.ofSeconds(10)).until(() -> log.messages().size() >= 2);
            assertThat(log.messages()).containsExactly("loading configuration",
                    "cannot open /etc/no-such-config: no such file");
        }
    }
}
