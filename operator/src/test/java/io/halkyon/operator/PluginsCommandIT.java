package io.halkyon.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code plugins} in-process against the example plugin jar the build copied into target/plugins. */
class PluginsCommandIT {

    private static final String START_TIMEOUT = "30s"; // generous: 2 shared cores
    private static Path postgresJar;

    @TempDir
    Path dir;


    @BeforeAll
    static void findPluginJar() {
        String property = System.getProperty("postgres.plugin.jar");
        assertThat(property).as("system property postgres.plugin.jar (set by the failsafe configuration)").isNotBlank();
        postgresJar = Path.of(property);
        assertThat(postgresJar).as("the example plugin copied by the build").isRegularFile();
    }

    @AfterEach
    void noPluginProcessLeft() {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive));
    }


    private void copyPostgresPlugin() throws IOException {
        Files.copy(postgresJar, dir.resolve("postgres-capability.jar"));
    }

    private static String line(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with '" + prefix + "' in:\n" + out));
    }

    @Test
    void listsTheLoadedPluginAndExitsZero() throws IOException {
        copyPostgresPlugin();

        CommandRun result = CommandRun.of("plugins", "--plugins-dir", dir.toString(), "--start-timeout", START_TIMEOUT);

        assertThat(result.exit()).as(result.err()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).split("\\s+"))
                .containsExactly("FILE", "NAME", "VERSION", "CATEGORY", "TYPES", "PROTOCOL", "PID", "CONNECTIONS",
                        "STATE", "RESTARTS", "CAUSE");
        Matcher row = Pattern.compile("postgres-capability\\.jar\\s+postgres-capability\\s+\\S+\\s+database\\s+"
                + "postgres\\[13,14,15,16]\\s+1\\s+(\\d+)\\s+-\\s+RUNNING\\s+0\\s+-").matcher(lines.get(1));
        assertThat(row.matches()).as(lines.get(1)).isTrue();
        long pid = Long.parseLong(row.group(1));
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("plugin stopped before exit").isEmpty();
    }

    @Test
    void aNonExecutableTextFileFailsWithItsReasonAndExitsOne() throws IOException {
        copyPostgresPlugin();
        Files.writeString(dir.resolve("notes.txt"), "this is a text file, not a plugin\n");

        CommandRun result = CommandRun.of("plugins", "--plugins-dir", dir.toString(), "--start-timeout", START_TIMEOUT);

        assertThat(result.exit()).as(result.err()).isEqualTo(1);
        String notes = line(result.out(), "notes.txt");
        assertThat(notes).contains("FAILED");
        String cause = notes.substring(notes.indexOf("FAILED") + "FAILED".length()).strip();
        assertThat(cause).as("restarts, then the failure reason").startsWith("0 ").contains("not executable");
        assertThat(line(result.out(), "postgres-capability.jar")).contains("RUNNING");
    }

    @Test
    void jsonListsEveryFieldAndParses() throws IOException {
        copyPostgresPlugin();
        // Launched with java -jar, which refuses it: a failure of the process, not of the scan.
        Files.writeString(dir.resolve("broken.jar"), "not a jar\n");

        CommandRun result = CommandRun.of("plugins", "--plugins-dir", dir.toString(), "--start-timeout", START_TIMEOUT, "--json");

        assertThat(result.exit()).isEqualTo(1);
        JsonNode array = new ObjectMapper().readTree(result.out());
        assertThat(array.isArray()).isTrue();
        assertThat(array).hasSize(2);
        JsonNode broken = array.get(0);
        JsonNode postgres = array.get(1);
        assertThat(broken.get("file").asText()).isEqualTo("broken.jar");
        assertThat(broken.get("state").asText()).isEqualTo("FAILED");
        assertThat(broken.get("cause").asText()).isNotBlank();
        assertThat(broken.get("restarts").asInt()).isZero();
        assertThat(postgres.get("file").asText()).isEqualTo("postgres-capability.jar");
        assertThat(postgres.get("name").asText()).isEqualTo("postgres-capability");
        assertThat(postgres.get("category").asText()).isEqualTo("database");
        assertThat(postgres.get("types").get(0).get("type").asText()).isEqualTo("postgres");
        assertThat(postgres.get("types").get(0).get("versions")).extracting(JsonNode::asText)
                .containsExactly("13", "14", "15", "16");
        assertThat(postgres.get("protocolVersion").asInt()).isEqualTo(1);
        assertThat(postgres.get("pid").asLong()).isPositive();
        assertThat(postgres.get("state").asText()).isEqualTo("RUNNING");
        assertThat(postgres.get("cause").isNull()).isTrue();
        assertThat(postgres.get("restarts").asInt()).isZero();
        assertThat(postgres.has("version")).isTrue();
    }

    @Test
    void yamlOutputHoldsTheSameRowsAsJson() throws IOException {
        copyPostgresPlugin();

        CommandRun result = CommandRun.of("plugins", "--plugins-dir", dir.toString(), "--start-timeout", START_TIMEOUT, "-o", "yaml");

        assertThat(result.exit()).as(result.err()).isZero();
        JsonNode rows = new ObjectMapper(new YAMLFactory()).readTree(result.out());
        assertThat(rows.isArray()).as(result.out()).isTrue();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("file").asText()).isEqualTo("postgres-capability.jar");
        assertThat(rows.get(0).get("state").asText()).isEqualTo("RUNNING");
        assertThat(rows.get(0).get("types").get(0).get("versions")).extracting(JsonNode::asText)
                .containsExactly("13", "14", "15", "16");
    }

    @Test
    void jsonAndAnotherOutputFormatAreAUsageError() {
        CommandRun result = CommandRun.of("plugins", "--plugins-dir", dir.toString(), "--json", "-o", "yaml");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("--json and --output yaml ask for two formats");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void aMissingDirectoryIsAUsageErrorNamingIt() {
        Path missing = dir.resolve("nowhere");

        CommandRun result = CommandRun.of("plugins", "--plugins-dir", missing.toString());

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains(missing.toString()).contains("does not exist");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void anEmptyDirectoryListsNothingAndSucceeds() {
        CommandRun result = CommandRun.of("plugins", "--plugins-dir", dir.toString(), "--json");

        assertThat(result.exit()).isZero();
        assertThat(result.out().strip()).isEqualTo("[ ]");
        assertThat(result.err()).contains("no plugin found");
    }

    @Test
    void remotePluginsThatRegisterWithinTheWaitAreListedWithTheirConnectionsAndIdentity() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        // Two replicas of one remote plugin dial the command's server; they retry until it listens.
        io.halkyon.plugin.sdk.remote.RemotePluginConfig config = io.halkyon.plugin.sdk.remote.RemotePluginConfig
                .builder().name("remote-pg").version("2.0").target("127.0.0.1:" + port).plaintext()
                .staticToken("checked-by-the-proxy").capability(io.halkyon.operator.testplugin.TestPlugin.resource("elsewhere"))
                .reconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(200)).build();
        try (var first = io.halkyon.plugin.sdk.remote.RemotePlugin.connect(config);
             var second = io.halkyon.plugin.sdk.remote.RemotePlugin.connect(config)) {
            CommandRun result = CommandRun.of("plugins", "--plugins-dir", dir.toString(), "--json", "--remote-plugins-listen",
                    "127.0.0.1:" + port, "--remote-plugins-auth", "proxy", "--remote-wait", "8s");

            assertThat(result.exit()).as(result.err()).isZero();
            JsonNode remote = new ObjectMapper().readTree(result.out()).get(0);
            assertThat(remote.get("file").asText()).isEqualTo(PluginRow.REMOTE);
            assertThat(remote.get("name").asText()).isEqualTo("remote-pg");
            assertThat(remote.get("version").asText()).isEqualTo("2.0");
            assertThat(remote.get("category").asText()).isEqualTo("test");
            assertThat(remote.get("connections").asInt()).isEqualTo(2);
            assertThat(remote.get("identities")).extracting(JsonNode::asText).containsExactly("authenticated-by-proxy");
            assertThat(remote.get("pid").isNull()).isTrue();
            assertThat(remote.get("state").asText()).isEqualTo("RUNNING");
        }
    }
}
