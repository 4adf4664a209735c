package io.halkyon.plugin.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LogbackServiceProvider;
import io.halkyon.plugin.api.Parameter;
import io.halkyon.plugin.host.internal.StderrForwarder;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * What a plugin's SLF4J logging looks like to the host, for each provider a plugin may carry: the
 * SDK needs neither, and neither needs a system property.
 */
@ExtendWith(NoChildProcessesExtension.class)
class PluginLoggingTest {

    @Test
    void theJsonProviderAloneGivesLinesTheHostRelogsAtTheirLevelUnderTheirModule() {
        List<String> seen = checkValidityWarning(Scenarios.config("good").build(), "json says hello");

        assertThat(seen).contains("WARN [" + testResource() + "] plugin 'good': json says hello");
        assertThat(seen).noneMatch(line -> line.contains("SLF4J("));
    }

    @Test
    void logbackAloneNeedsNoPropertyAndSlf4jReportsNothing() {
        // This JVM's classpath as it is: the SDK and logback; the pom keeps the JSON provider off it.
        assertThat(ServiceLoader.load(SLF4JServiceProvider.class).stream().map(ServiceLoader.Provider::type))
                .as("SLF4J providers on the test classpath").containsExactly(LogbackServiceProvider.class);
        PluginClientConfig config = Scenarios.config("good")
                .command(Scenarios.commandWithClasspath(System.getProperty("java.class.path"), "good")).build();

        List<String> seen = checkValidityWarning(config, "logback says hello");

        // logback-test.xml's console pattern, on stdout, which the SDK sends to stderr: plain text,
        // forwarded as one INFO line.
        assertThat(seen).anyMatch(line -> line.startsWith("INFO ") && line.contains(" WARN ")
                && line.endsWith(" - plugin 'good': logback says hello"));
        assertThat(seen).as("no SLF4J report (multiple providers, none, or one chosen by property)")
                .noneMatch(line -> line.contains("SLF4J("));
    }

    /** Starts the plugin, has it log {@code text} at warn, and returns every line the host re-logged until then. */
    private static List<String> checkValidityWarning(PluginClientConfig config, String text) {
        try (LogCapture log = new LogCapture(StderrForwarder.pluginLoggerName(config.name()));
             PluginClient client = PluginClient.start(config)) {
            assertThat(CapabilityPlugins.dispense(client)
                    .checkValidity(PluginCallsTest.capability("c", new Parameter("warn", text)))).isEmpty();
            await().atMost(Duration.ofSeconds(10)).until(() -> log.messages().stream().anyMatch(m -> m.endsWith(text)));
            return log.events().stream().map(PluginLoggingTest::describe).toList();
        }
    }

    private static String testResource() {
        return io.halkyon.plugin.host.testplugin.TestResource.class.getName();
    }

    private static String describe(ILoggingEvent e) {
        return e.getLevel() + " " + e.getFormattedMessage();
    }
}
