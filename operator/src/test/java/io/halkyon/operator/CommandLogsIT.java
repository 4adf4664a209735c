package io.halkyon.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.halkyon.operator.support.NoChildProcesses;
import io.halkyon.operator.support.OperatorProcess;
import io.halkyon.operator.support.TestPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The log flags of the real jar, whose logback.xml the in-process tests replace with their own. */
@ExtendWith(NoChildProcesses.class)
class CommandLogsIT {

    @TempDir
    Path work;

    private String stderrOf(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", OperatorProcess.jar().toString()));
        command.addAll(List.of(args));
        Path err = Files.createTempFile(work, "stderr", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile()).start();
        try {
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the command ended").isTrue();
            assertThat(process.exitValue()).as(Files.readString(err)).isZero();
        } finally {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        return Files.readString(err);
    }

    @Test
    void pluginsLogsOnlyWarningsUnlessAskedThenJsonLinesKeepThePluginsNameAndLevel() throws Exception {
        Path plugins = Files.createDirectory(work.resolve("plugins"));
        TestPlugins.addPostgres(plugins);

        String quiet = stderrOf("plugins", "--plugins-dir", plugins.toString(), "--start-timeout", "1m");
        String json = stderrOf("plugins", "--plugins-dir", plugins.toString(), "--start-timeout", "1m",
                "--log-level", "info", "--log-format", "json");

        assertThat(quiet).as("nothing at INFO by default").doesNotContain(" INFO ");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : json.lines().toList()) {
            lines.add(new ObjectMapper().readTree(line)); // every line is one JSON object
        }
        JsonNode pluginLine = lines.stream()
                .filter(l -> l.path("loggerName").asText().equals("plugin.postgres-capability")).findFirst()
                .orElseThrow(() -> new AssertionError("no line of the plugin's own in:\n" + json));
        assertThat(pluginLine.path("level").asText()).isEqualTo("INFO");
        assertThat(pluginLine.path("kvpList").toString()).contains("\"plugin\":\"postgres-capability\"");
        assertThat(pluginLine.path("message").asText()).isNotBlank();
    }
}
