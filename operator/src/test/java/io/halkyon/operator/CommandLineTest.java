package io.halkyon.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.halkyon.plugin.api.PluginProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The command line's own commands and options, in-process: nothing here starts a plugin. */
class CommandLineTest {



    @AfterEach
    void defaultLogs() {
        LogSettings.defaults();
    }

    @Test
    void versionNamesTheOperatorTheProtocolsAndJava() {
        CommandRun result = CommandRun.of("version");

        assertThat(result.exit()).isZero();
        assertThat(result.out().lines()).hasSize(3);
        assertThat(result.out()).startsWith("halkyon-operator ")
                .contains("go-plugin core " + PluginProtocol.CORE_PROTOCOL_VERSION + ", app "
                        + PluginProtocol.APP_PROTOCOL_VERSION)
                .contains("remote " + PluginProtocol.REMOTE_PROTOCOL)
                .contains("java: " + Runtime.version());
        assertThat(CommandRun.of("--version").out().strip()).isEqualTo(result.out().lines().findFirst().orElseThrow());
    }

    @Test
    void versionAsJsonAndYamlHoldTheSameFields() throws Exception {
        JsonNode json = new ObjectMapper().readTree(CommandRun.of("version", "-o", "json").out());
        JsonNode yaml = new ObjectMapper(new YAMLFactory()).readTree(CommandRun.of("version", "--output", "YAML").out());

        assertThat(json.get("core").asInt()).isEqualTo(PluginProtocol.CORE_PROTOCOL_VERSION);
        assertThat(json.get("remote").asText()).isEqualTo(PluginProtocol.REMOTE_PROTOCOL);
        assertThat(json.get("java").asText()).isEqualTo(Runtime.version().toString());
        assertThat(yaml).isEqualTo(json);
    }

    @Test
    void anUnknownOutputFormatIsAUsageErrorListingTheFormats() {
        CommandRun result = CommandRun.of("version", "-o", "xml");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("xml").contains("TEXT, YAML, JSON").hasLineCount(2);
    }

    @Test
    void logFlagsAreCheckedOnEveryCommand() {
        CommandRun level = CommandRun.of("version", "--log-level", "loud");
        CommandRun format = CommandRun.of("render", "--log-format", "xml", "-f", "x.yaml");

        assertThat(level.exit()).isEqualTo(2);
        assertThat(level.err()).contains("--log-level: log level 'loud' is not one of trace, debug, info");
        assertThat(format.exit()).isEqualTo(2);
        assertThat(format.err()).contains("--log-format: log format 'xml' is not one of text, json");
    }

    @Test
    void everyCommandsHelpHasExamples() {
        for (String command : new String[] {"run", "render", "plugins", "version"}) {
            assertThat(CommandRun.of(command, "--help").out()).as(command).contains("Examples:");
        }
    }

    @Test
    void completionIsAVisibleCommandPrintingAScript() {
        CommandRun help = CommandRun.of("--help");
        CommandRun script = CommandRun.of("generate-completion");

        assertThat(help.out()).contains("generate-completion").contains("Examples:");
        assertThat(script.exit()).isZero();
        assertThat(script.out()).contains("halkyon-operator").contains("render").contains("--log-level");
    }
}
