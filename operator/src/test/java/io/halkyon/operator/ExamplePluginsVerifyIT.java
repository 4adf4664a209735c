package io.halkyon.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.halkyon.operator.support.OperatorProcess;
import io.halkyon.operator.support.TestPlugins;
import io.halkyon.operator.verify.Rules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example plugin passes {@code plugins verify}, run as users run it: the production jar in
 * its own JVM. The examples and what each may have that is not a pass are listed in
 * {@link #examples()}; a new example is one more line there.
 */
class ExamplePluginsVerifyIT {

    /**
     * The Go example is built by examples/go-capability's tests (build.sh, in the reactor before
     * this module); without Go it is skipped there and here, unless HALKYON_REQUIRE_GO_INTEROP=1.
     */
    private static final String GO_BINARY_PROPERTY = "go.capability.binary";

    /** Built by examples/node-capability's package phase when node and npm are there (HALKYON_REQUIRE_NODE). */
    private static final String NODE_EXECUTABLE_PROPERTY = "node.capability.executable";

    static Stream<Arguments> examples() {
        return Stream.of(
                Arguments.of("postgres-capability.jar", TestPlugins.postgresJar(), Map.of()),
                // go-plugin 1.0.1's Serve answers its lowest version when none is offered that it has, and
                // does not watch its host (our host has the kernel kill it: setpriv's parent-death signal).
                Arguments.of("go-capability", Path.of(System.getProperty(GO_BINARY_PROPERTY)),
                        Map.of(Rules.VERSION_UNSUPPORTED.id(), "warning", Rules.HOST_DEATH.id(), "warning")),
                // It refuses PLUGIN_CLIENT_CERT: Node.js cannot make the certificate without another package.
                Arguments.of("node-capability", Path.of(System.getProperty(NODE_EXECUTABLE_PROPERTY)),
                        Map.of(Rules.AUTOMTLS.id(), "skipped")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void passesEveryRule(String name, Path file, Map<String, String> notPassed) throws Exception {
        if (!Files.isRegularFile(file)) {
            boolean node = name.startsWith("node");
            String message = name + " is not built at " + file + (node
                    ? " (examples/node-capability builds it when node and npm are there)"
                    : " (examples/go-capability's tests build it with Go)");
            if ("1".equals(System.getenv(node ? "HALKYON_REQUIRE_NODE" : "HALKYON_REQUIRE_GO_INTEROP"))) {
                fail(message);
            }
            assumeThat(false).as(message).isTrue();
        }
        Map<String, String> verdicts = verify(file);

        Map<String, String> expected = new LinkedHashMap<>();
        Rules.ALL.forEach(rule -> expected.put(rule.id(), notPassed.getOrDefault(rule.id(), "passed")));
        assertThat(verdicts).containsExactlyEntriesOf(expected);
    }

    private static Map<String, String> verify(Path file) throws IOException, InterruptedException {
        Path out = Files.createTempFile("verify", ".json");
        Path err = Files.createTempFile("verify", ".err");
        try {
            Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-jar", OperatorProcess.jar().toString(), "plugins", "verify", file.toString(),
                    "-o", "json", "--start-timeout", "60s"))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                fail("plugins verify " + file + " did not finish within 5 minutes; stderr:\n" + Files.readString(err));
            }
            Map<String, String> verdicts = new LinkedHashMap<>();
            JsonNode results = new ObjectMapper().readTree(out.toFile());
            results.forEach(r -> verdicts.put(r.get("rule").asText(), r.get("result").asText() + ""));
            assertThat(process.exitValue()).as("exit status; results %s; stderr:\n%s", results.toPrettyString(),
                    Files.readString(err)).isZero();
            return verdicts;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
