package io.halkyon.operator.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.halkyon.operator.support.NoChildProcesses;
import io.halkyon.operator.support.TestPlugins;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The README's main command, in-process: the demo jar's {@code run --embedded-cluster ... --exit-when-ready}. */
@ExtendWith(NoChildProcesses.class)
class EmbeddedRunIT {

    @TempDir
    Path plugins;
    @TempDir
    Path samples;

    private static String[] result(StringWriter out, StringWriter err, int exit) {
        return new String[] {Integer.toString(exit), out.toString(), err.toString()};
    }

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = HalkyonOperatorDemo.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        // In-process: this test JVM starts processes of its own, which a subreaper would take for orphans.
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--process-containment=false")).toArray(String[]::new);
        int exit = commandLine.execute(all);
        return result(out, err, exit);
    }

    @Test
    void theSamplesReachReadyAndTheCommandExitsZero() throws Exception {
        TestPlugins.addPostgres(plugins);
        Path repoSamples = Path.of("..", "examples", "capabilities");

        String[] r = run("run", "--embedded-cluster", "--plugins-dir", plugins.toString(), "--samples",
                repoSamples.toString(), "--mark-workloads-ready", "--exit-when-ready", "--timeout", "90s");

        assertThat(r[0]).as(r[1] + r[2]).isEqualTo("0");
        assertThat(r[1]).contains("no kubelet")
                .contains("applied Capability default/postgres-db")
                .contains("+ created StatefulSet default/postgres-db (owned by Capability postgres-db)")
                .contains("Capability default/postgres-db is Ready (Ready=True, Ready)")
                .containsPattern("default/postgres-db +Created x3, PluginSelected, (DependentsNotReady, )?Ready")
                .contains("database-postgres")
                .contains("every sample Capability is Ready");
    }

    @Test
    void outputJsonPrintsTheReadyCapabilitiesOnStdoutAndTheStoryOnStderr() throws Exception {
        TestPlugins.addPostgres(plugins);
        Path repoSamples = Path.of("..", "examples", "capabilities");

        String[] r = run("run", "--embedded-cluster", "--plugins-dir", plugins.toString(), "--samples",
                repoSamples.toString(), "--mark-workloads-ready", "--exit-when-ready", "--timeout", "90s", "-o", "json");

        assertThat(r[0]).as(r[1] + r[2]).isEqualTo("0");
        assertThat(r[2]).contains("every sample Capability is Ready");
        com.fasterxml.jackson.databind.JsonNode list = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r[1]);
        assertThat(list.path("kind").asText()).isEqualTo("List");
        assertThat(list.path("items")).isNotEmpty().allSatisfy(capability -> {
            assertThat(capability.path("kind").asText()).isEqualTo("Capability");
            assertThat(capability.path("status").path("conditions").toString())
                    .contains("\"type\":\"Ready\"").contains("\"status\":\"True\"");
        });
    }

    @Test
    void outputWithoutExitWhenReadyIsAUsageError() {
        String[] r = run("run", "--embedded-cluster", "--plugins-dir", plugins.toString(), "-o", "yaml");

        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2]).contains("--output yaml: the demo prints yaml or json, and only with --exit-when-ready");
    }

    @Test
    void aSampleTheApiServerWouldRefuseStopsTheDemoBeforeItStartsWithOneLine() throws Exception {
        TestPlugins.addPostgres(plugins);
        Path bad = Files.writeString(samples.resolve("bad.yaml"), """
                apiVersion: halkyon.io/v1beta1
                kind: Capability
                metadata:
                  name: db
                  namespace: Kube_System
                spec:
                  category: database
                  type: postgres
                """);

        String[] r = run("run", "--embedded-cluster", "--plugins-dir", plugins.toString(), "--samples",
                samples.toString(), "--exit-when-ready", "--timeout", "5s");

        assertThat(r[0]).as(r[1] + r[2]).isEqualTo("2");
        assertThat(r[1]).as("nothing started").isEmpty();
        assertThat(r[2].lines().findFirst()).contains("error: --samples: " + bad + ": document 1: Capability \"db\""
                + " is invalid: metadata.namespace: Invalid value: \"Kube_System\": a lowercase RFC 1123 label must"
                + " consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric"
                + " character (e.g. 'my-name',  or '123-abc', regex used for validation is"
                + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
        assertThat(r[2]).doesNotContain("\tat ");
    }

    @Test
    void withoutMarkingWorkloadsTheSamplesStayPendingAndTheTimeoutExitsOne() throws Exception {
        // The plugin comes through HALKYON_PLUGINS' flag, fetched into a plugins directory that does not exist yet.
        Path fetchedInto = plugins.resolve("fetched");
        String reference = "file:" + TestPlugins.postgresJar().toAbsolutePath();
        Files.writeString(samples.resolve("one.yaml"), """
                apiVersion: halkyon.io/v1beta1
                kind: Capability
                metadata:
                  name: waiting
                spec:
                  category: database
                  type: postgres
                """);

        String[] r = run("run", "--embedded-cluster", "--plugins", reference, "--plugins-dir", fetchedInto.toString(),
                "--samples", samples.toString(), "--exit-when-ready", "--timeout", "6s");

        assertThat(r[0]).as(r[1] + r[2]).isEqualTo("1");
        assertThat(fetchedInto.resolve("postgres-capability.jar")).isRegularFile();
        assertThat(r[1]).contains("plugin 'postgres-capability'");
        assertThat(r[1]).contains("Capability default/waiting is Pending")
                .contains("without --mark-workloads-ready");
    }
}
