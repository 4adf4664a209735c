package io.halkyon.examples.gocapability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A real go-plugin 1.0.1 host (go/host/main.go) loads the postgres example plugin built with
 * our Java SDK: handshake, broker stream, health ping, capability calls, and go-plugin's Kill,
 * which must end in a graceful exit (no "failed to exit gracefully" from go-plugin).
 */
class GoPluginHostLoadsJavaPluginIT {

    @Test
    void goPluginHostLoadsAndStopsTheJavaPlugin() throws Exception {
        Path host = GoToolchain.binaries().resolve("go-plugin-host");
        Process process = new ProcessBuilder(host.toString(), GoToolchain.javaBinary(), "-jar",
                System.getProperty("java.plugin.jar")).start();
        try {
            process.getOutputStream().close();
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process, true));
            String stdout = read(process, false);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("go-plugin host finished").isTrue();
            String log = stderr.get(10, TimeUnit.SECONDS);
            assertThat(process.exitValue()).as("go-plugin host exit status; its log:\n" + log).isZero();
            assertThat(log).doesNotContain("failed to exit gracefully");

            JsonNode result = new ObjectMapper().readTree(stdout);
            assertThat(result.get("protocol").asInt()).isEqualTo(1);
            assertThat(result.get("category").asText()).isEqualTo("database");
            assertThat(result.get("types").get(0).get("type").asText()).isEqualTo("postgres");
            List<String> dependents = new ObjectMapper().convertValue(result.get("dependents"),
                    new com.fasterxml.jackson.core.type.TypeReference<List<String>>() { });
            assertThat(dependents).containsExactly("Secret/db1-config", "StatefulSet/db1", "Service/db1");
            assertThat(result.get("firstBuiltKind").asText()).isEqualTo("Secret");
            assertThat(result.get("unknownBuildErr").asText()).contains("NotFound");
            assertThat(result.get("exitedAfterKill").asBoolean()).isTrue();

            long pluginPid = result.get("pid").asLong();
            assertThat(ProcessHandle.of(pluginPid).map(ProcessHandle::isAlive).orElse(false))
                    .as("plugin process %d is gone", pluginPid).isFalse();
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static String read(Process process, boolean stderr) {
        try {
            return new String((stderr ? process.getErrorStream() : process.getInputStream()).readAllBytes(),
                    StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
