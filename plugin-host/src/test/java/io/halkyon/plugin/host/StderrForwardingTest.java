package io.halkyon.plugin.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.host.internal.StderrForwarder;
import io.halkyon.plugin.host.internal.StdoutReader;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The plugin's stderr reaches SLF4J at the right levels, and never blocks the plugin. */
@ExtendWith(NoChildProcessesExtension.class)
class StderrForwardingTest {

    @Test
    void jsonAndTextLevelsAreForwardedUnderThePluginsLogger() {
        PluginClientConfig config = Scenarios.config("levels").build();
        try (LogCapture log = new LogCapture(StderrForwarder.pluginLoggerName(config.name()));
             PluginClient client = PluginClient.start(config)) {
            List<String> expected = List.of(
                    "DEBUG [scenario] json debug line answer=42",
                    "ERROR json error line",
                    "TRACE json trace line",
                    "WARN text warn line",
                    "ERROR text error line",
                    "DEBUG text debug line",
                    "INFO just a plain line");
            await().atMost(Duration.ofSeconds(5)).until(() -> log.events().size() >= expected.size());
            List<String> seen = log.events().stream().map(StderrForwardingTest::describe).toList();
            assertThat(seen.subList(0, expected.size())).containsExactlyElementsOf(expected);
            // The SDK's own JSON log lines follow, at their levels (its "serving" line is INFO).
            await().atMost(Duration.ofSeconds(5)).until(() -> log.events().stream()
                    .anyMatch(e -> e.getLevel().toString().equals("INFO") && e.getFormattedMessage().contains("serving")));
            assertThat(client.state()).isEqualTo(PluginState.RUNNING);
        }
    }

    @Test
    void aFloodAndAVeryLongLineNeverBlockThePlugin() {
        PluginClientConfig config = Scenarios.config("flood").build();
        try (LogCapture log = new LogCapture(StderrForwarder.pluginLoggerName(config.name()));
             LogCapture host = new LogCapture(StderrForwarder.class.getName());
             PluginClient client = PluginClient.start(config)) {
            DependentResource settings = CapabilityPlugins.dispense(client).readyFor(PluginCallsTest.capability("f")).get(0);
            // The plugin wrote 1 MiB + 20000 lines to stderr; its writer would block for good on a
            // full pipe if the host stopped reading. It still answers and finishes writing.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> ((ConfigMap) settings.build()).getData().get("counter").equals("20000"));
            ILoggingEvent longLine = log.events().stream()
                    .filter(e -> e.getFormattedMessage().startsWith("long:")).findFirst().orElseThrow();
            assertThat(longLine.getLevel()).hasToString("INFO");
            assertThat(longLine.getFormattedMessage())
                    .startsWith("long:zzz")
                    .endsWith("[line truncated: " + ("[INFO] long:".length() + 1024 * 1024) + " bytes, kept " + StderrForwarder.MAX_LINE_BYTES + "]")
                    .hasSizeLessThan(StderrForwarder.MAX_LINE_BYTES + 100);
            assertThat(client.state()).isEqualTo(PluginState.RUNNING);
            // Rate-limited: 20000 lines in a few seconds, at most 200 a second logged, the rest summarized.
            await().atMost(Duration.ofSeconds(5)).until(() -> host.messages().stream().anyMatch(m -> m.matches(
                    "plugin '" + config.name() + "': suppressed \\d+ stderr lines over the limit of 200 lines/s")));
            assertThat(log.messages().stream().filter(m -> m.startsWith("flood line"))).hasSizeLessThan(10_000);
        }
    }

    @Test
    void stdoutFloodsBeforeAndAfterTheHandshakeAreReadAndRateLimitedToo() {
        PluginClientConfig config = Scenarios.config("stdout-flood").build();
        try (LogCapture plugin = new LogCapture(StderrForwarder.pluginLoggerName(config.name()));
             LogCapture host = new LogCapture(StdoutReader.class.getName());
             PluginClient client = PluginClient.start(config)) {
            assertThat(client.state()).as("20000 stray lines did not hold up the handshake").isEqualTo(PluginState.RUNNING);
            String summary = "plugin '" + config.name() + "': suppressed \\d+ stdout lines over the limit of 200 lines/s";
            await().atMost(Duration.ofSeconds(10)).until(() -> host.messages().stream().anyMatch(m -> m.matches(summary)));
            assertThat(host.messages().stream().filter(m -> m.contains("skipping stray stdout line")))
                    .hasSizeLessThan(10_000);
            assertThat(CapabilityPlugins.dispense(client).checkValidity(PluginCallsTest.capability("s"))).isEmpty();
            assertThat(plugin.messages().stream().filter(m -> m.startsWith("stdout: after line"))
                    .count() + host.messages().stream().filter(m -> m.contains("before the handshake: after line")).count())
                    .as("the second flood, logged before or after the handshake").isLessThan(10_000);
        }
    }

    private static String describe(ILoggingEvent e) {
        return e.getLevel() + " " + e.getFormattedMessage();
    }
}
