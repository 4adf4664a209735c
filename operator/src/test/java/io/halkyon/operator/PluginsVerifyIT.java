package io.halkyon.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.halkyon.operator.support.TestPlugins;
import io.halkyon.operator.verify.Rules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plugins verify} in-process against the broken test plugin
 * ({@link io.halkyon.operator.testplugin.BrokenPlugin}): each scenario fails (or warns about)
 * exactly the rules its misbehaviours break, with the right message, and passes the others.
 */
class PluginsVerifyIT {

    private static final String START_TIMEOUT = "30s"; // generous: 2 shared cores
    private static final String EXIT_BOUND = "3s";

    @TempDir
    Path dir;

    @AfterEach
    void noPluginProcessLeft() {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive));
    }

    /** Rule id to {result, detail}, from {@code -o json}. */
    private Map<String, JsonNode> verify(String misbehaviours, int expectedExit) throws IOException {
        Path plugin = TestPlugins.addTestPlugin(dir, "broken", misbehaviours);
        CommandRun run = CommandRun.of("plugins", "verify", plugin.toString(), "-o", "json",
                "--start-timeout", START_TIMEOUT, "--exit-bound", EXIT_BOUND);
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(expectedExit);
        JsonNode results = new ObjectMapper().readTree(run.out());
        Map<String, JsonNode> byRule = new LinkedHashMap<>();
        results.forEach(result -> byRule.put(result.get("rule").asText(), result));
        assertThat(byRule.keySet()).as("one result per rule, in order")
                .containsExactlyElementsOf(Rules.ALL.stream().map(r -> r.id()).toList());
        return byRule;
    }

    private static Map<String, String> verdicts(Map<String, JsonNode> results) {
        return results.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().get("result").asText(), (a, b) -> a, LinkedHashMap::new));
    }

    private static String detail(Map<String, JsonNode> results, String rule) {
        return results.get(rule).get("detail").asText();
    }

    /** Every rule passed but those given, and AutoMTLS skipped (the broken plugin does not offer it). */
    private static Map<String, String> expected(Map<String, String> exceptions) {
        Map<String, String> expected = new LinkedHashMap<>();
        Rules.ALL.forEach(rule -> expected.put(rule.id(), "passed"));
        expected.put(Rules.AUTOMTLS.id(), "skipped");
        expected.putAll(exceptions);
        return expected;
    }

    @Test
    void protocolMisbehavioursFailTheirRulesAndWarnAboutPortability() throws IOException {
        Map<String, JsonNode> results = verify("no-cookie,any-version,stray-stdout,ignore-shutdown,ignore-host-death", 1);

        assertThat(verdicts(results)).containsExactlyEntriesOf(expected(Map.of(
                "handshake.cookie", "failed", "version.unsupported", "warning", "handshake.stray-stdout", "warning",
                "shutdown.exits", "failed", "shutdown.socket-removed", "skipped", "host-death.exits", "warning")));
        assertThat(detail(results, "handshake.cookie")).startsWith("without HALKYON_CAPABILITY_PLUGIN, it started anyway");
        assertThat(detail(results, "version.unsupported"))
                .startsWith("offered only version 99, it answered a version that was not offered instead of exiting")
                .contains("app protocol version 1 was not offered; the host offered [99]");
        assertThat(detail(results, "handshake.stray-stdout")).contains("\"broken plugin starting, have a nice day\"");
        assertThat(detail(results, "shutdown.exits")).startsWith("still running 3s after the Shutdown call");
        assertThat(detail(results, "host-death.exits")).startsWith("still running 3s after its host was killed");
    }

    @Test
    void contractMisbehavioursFailBuildUpdateConditionAndTheSocketRule() throws IOException {
        Map<String, JsonNode> results = verify(
                "wrong-kind,other-namespace,invalid-json,oversize,update-fails,bogus-condition,keep-socket", 1);

        assertThat(verdicts(results)).containsExactlyEntriesOf(expected(Map.of("dependent.build", "failed",
                "dependent.update", "failed", "dependent.condition", "failed", "shutdown.socket-removed", "failed")));
        String build = detail(results, "dependent.build");
        assertThat(build)
                .contains("dependent v1/ConfigMap/verify-broken-1-wrong-kind: ", "returned a Secret instead of a ConfigMap")
                .contains("namespace 'elsewhere' is not the Capability's namespace 'verify'")
                .contains("verify-broken-1-invalid-json", "not valid Kubernetes JSON")
                .contains("over the limit of 1.0 MiB per object")
                .doesNotContain("verify-broken-1-good");
        assertThat(detail(results, "dependent.update")).contains("verify-broken-1-good", "update is broken on purpose");
        assertThat(detail(results, "dependent.condition")).contains("verify-broken-1-good", "unknown type 'Bogus'");
        assertThat(detail(results, "shutdown.socket-removed")).startsWith("it left its socket file ");
    }

    @Test
    void aGarbageHandshakeFailsTheLineAndSkipsWhatNeedsIt() throws IOException {
        Map<String, JsonNode> results = verify("garbage-handshake", 1);

        Map<String, String> exceptions = new LinkedHashMap<>(Map.of("handshake.line", "failed", "automtls", "failed",
                "host-death.exits", "skipped"));
        // Nothing came before the (garbage) line: stray-stdout passes.
        List.of("version.negotiation", "handshake.address", "health.serving", "info.valid",
                "capability.validity", "capability.dependents", "dependent.build", "dependent.update",
                "dependent.condition", "shutdown.exits", "shutdown.socket-removed")
                .forEach(rule -> exceptions.put(rule, "skipped"));
        assertThat(verdicts(results)).containsExactlyEntriesOf(expected(exceptions));
        assertThat(detail(results, "handshake.line")).contains("printed an invalid handshake line",
                "network 'carrier-pigeon' is not supported");
        assertThat(detail(results, "health.serving")).isEqualTo("no usable handshake (handshake.line failed)");
    }

    @Test
    void notServingFailsHealthAndEmptyInfoFailsGetInfo() throws IOException {
        Map<String, JsonNode> notServing = verify("not-serving", 1);
        Map<String, String> exceptions = new LinkedHashMap<>(Map.of("health.serving", "failed"));
        List.of("info.valid", "capability.validity", "capability.dependents", "dependent.build", "dependent.update",
                "dependent.condition", "shutdown.exits", "shutdown.socket-removed")
                .forEach(rule -> exceptions.put(rule, "skipped"));
        assertThat(verdicts(notServing)).containsExactlyEntriesOf(expected(exceptions));
        assertThat(detail(notServing, "health.serving")).contains("NOT_SERVING");

        Map<String, JsonNode> emptyInfo = verify("empty-info", 1);
        Map<String, String> skipped = new LinkedHashMap<>(Map.of("info.valid", "failed"));
        List.of("capability.validity", "capability.dependents", "dependent.build", "dependent.update",
                "dependent.condition").forEach(rule -> skipped.put(rule, "skipped"));
        assertThat(verdicts(emptyInfo)).containsExactlyEntriesOf(expected(skipped));
        assertThat(detail(emptyInfo, "info.valid")).contains("test-broken", "category");
    }

    @Test
    void aWellBehavedPluginPassesInTextWithOneLinePerRule() throws IOException {
        Path plugin = TestPlugins.addTestPlugin(dir, "broken", "");
        CommandRun run = CommandRun.of("plugins", "verify", plugin.toString(), "--start-timeout", START_TIMEOUT,
                "--exit-bound", EXIT_BOUND);

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(Rules.ALL.size() + 1);
        for (int i = 0; i < Rules.ALL.size(); i++) {
            String expected = Rules.ALL.get(i) == Rules.AUTOMTLS ? "skipped" : "passed";
            assertThat(lines.get(i).split("\\s+", 3)).as(lines.get(i))
                    .startsWith(expected, Rules.ALL.get(i).id());
        }
        assertThat(lines.get(Rules.ALL.size())).isEqualTo("test-broken: 16 passed, 0 failed, 0 warnings, 1 skipped");
    }

    @Test
    void aMissingFileIsAUsageError() {
        CommandRun run = CommandRun.of("plugins", "verify", dir.resolve("nothing-here").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("plugin file '" + dir.resolve("nothing-here") + "' does not exist");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aFileThatIsNeitherAJarNorExecutableIsAUsageError() throws IOException {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "not a plugin\n");

        CommandRun run = CommandRun.of("plugins", "verify", notes.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("is not executable (and not a .jar)");
    }
}
