package io.halkyon.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.halkyon.operator.render.Renderer;
import io.halkyon.operator.support.NoChildProcesses;
import io.halkyon.operator.support.TestPlugins;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code render} in-process, with the real postgres plugin and no cluster. */
@ExtendWith(NoChildProcesses.class)
class RenderCommandIT {

    @TempDir
    Path plugins;
    @TempDir
    Path files;


    @BeforeEach
    void copyPlugin() throws Exception {
        TestPlugins.addPostgres(plugins);
    }


    private static List<JsonNode> documents(String yaml) throws Exception {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
        List<JsonNode> docs = new ArrayList<>();
        try (var it = mapper.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode node = it.next();
                if (node != null && !node.isEmpty()) {
                    docs.add(node);
                }
            }
        }
        return docs;
    }

    @Test
    void printsTheThreeObjectsWithOwnerReferencesAsYaml() throws Exception {
        Path file = files.resolve("cap.yaml");
        Files.writeString(file, """
                apiVersion: halkyon.io/v1beta1
                kind: Capability
                metadata:
                  name: shop-db
                  namespace: shop
                  uid: 1b4e28ba-2fa1-11d2-883f-0016d3cca427
                spec:
                  category: database
                  type: postgres
                  version: "15"
                  parameters:
                    - name: DB_NAME
                      value: shop
                """);

        CommandRun result = CommandRun.of("render", "-f", file.toString(), "--plugins-dir", plugins.toString());

        assertThat(result.exit()).as(result.err()).isZero();
        List<JsonNode> objects = documents(result.out());
        assertThat(objects).extracting(o -> o.path("kind").asText())
                .containsExactly("Secret", "StatefulSet", "Service");
        for (JsonNode object : objects) {
            assertThat(object.path("metadata").path("namespace").asText()).isEqualTo("shop");
            JsonNode owner = object.path("metadata").path("ownerReferences").get(0);
            assertThat(owner.path("kind").asText()).isEqualTo("Capability");
            assertThat(owner.path("apiVersion").asText()).isEqualTo("halkyon.io/v1beta1");
            assertThat(owner.path("name").asText()).isEqualTo("shop-db");
            assertThat(owner.path("uid").asText()).isEqualTo("1b4e28ba-2fa1-11d2-883f-0016d3cca427");
        }
        assertThat(objects.get(1).path("spec").path("template").path("spec").path("containers").get(0)
                .path("image").asText()).isEqualTo("postgres:15");
    }

    @Test
    void aCapabilityWithoutUidGetsTheMarkedPlaceholder() throws Exception {
        Path sample = Path.of("..", "examples", "capabilities", "postgres-capability.yaml");
        assertThat(sample).as("the sample manifest").isRegularFile();

        CommandRun result = CommandRun.of("render", "-f", sample.toString(), "--plugins-dir", plugins.toString());

        assertThat(result.exit()).as(result.err()).isZero();
        List<JsonNode> objects = documents(result.out());
        assertThat(objects).hasSize(3);
        assertThat(objects).allSatisfy(o -> assertThat(o.path("metadata").path("ownerReferences").get(0)
                .path("uid").asText()).isEqualTo(Renderer.UID_PLACEHOLDER));
        assertThat(objects).allSatisfy(o -> assertThat(o.path("metadata").path("namespace").asText())
                .isEqualTo("default"));
    }

    @Test
    void unknownTypeExitsNonZeroWithTheFailedMessage() throws Exception {
        Path file = files.resolve("mysql.yaml");
        Files.writeString(file, """
                apiVersion: halkyon.io/v1beta1
                kind: Capability
                metadata:
                  name: legacy
                spec:
                  category: database
                  type: mysql
                  version: "8"
                """);

        CommandRun result = CommandRun.of("render", "-f", file.toString(), "--plugins-dir", plugins.toString());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).isBlank();
        assertThat(result.err()).contains("legacy").contains("no plugin provides category 'database', type 'mysql',"
                + " version '8'").contains("database/postgres");
    }

    @Test
    void aVersionIsMatchedAsWrittenAsTheOperatorMatchesIt() throws Exception {
        Path file = files.resolve("spaced.yaml");
        Files.writeString(file, """
                apiVersion: halkyon.io/v1beta1
                kind: Capability
                metadata:
                  name: spaced
                spec:
                  category: database
                  type: postgres
                  version: " 15"
                """);

        CommandRun result = CommandRun.of("render", "-f", file.toString(), "--plugins-dir", plugins.toString());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).isBlank();
        assertThat(result.err()).contains("Capability default/spaced would be Failed: no plugin provides category"
                + " 'database', type 'postgres', version ' 15' (the version has spaces around it; values are matched"
                + " as written): plugin 'postgres-capability' provides database/postgres in versions");
    }

    @Test
    void aCapabilityWithOneRefusedObjectRendersNoneOfItsObjectsAsTheOperatorWritesNone() throws Exception {
        TestPlugins.addTestPlugin(plugins, "elsewhere");
        Path file = files.resolve("two.yaml");
        Files.writeString(file, """
                apiVersion: halkyon.io/v1beta1
                kind: Capability
                metadata:
                  name: mixed
                spec:
                  category: test
                  type: elsewhere
                ---
                apiVersion: halkyon.io/v1beta1
                kind: Capability
                metadata:
                  name: fine
                spec:
                  category: database
                  type: postgres
                  parameters:
                    - name: DB_PASSWORD
                      value: fixed
                """);

        CommandRun result = CommandRun.of("render", "-f", file.toString(), "--plugins-dir", plugins.toString());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(documents(result.out())).extracting(o -> o.path("metadata").path("name").asText())
                .as("only the objects of the Capability that would not fail").containsExactly("fine-config", "fine",
                        "fine");
        assertThat(result.err()).contains("Capability default/mixed would be Failed: nothing was applied for plugin"
                + " 'test-elsewhere': ConfigMap mixed-elsewhere: ");
    }

    @Test
    void hostileInputIsOneLineNamingTheFileNotAStackTrace() throws Exception {
        Path deep = Files.writeString(files.resolve("deep.yaml"), "kind: Capability\nspec: " + "[".repeat(100_000)
                + "\n");
        Path broken = Files.writeString(files.resolve("broken.json"), "{\"kind\": \"Capability\",\n \"spec\": {");
        Path big = Files.writeString(files.resolve("big.yaml"), "# " + "x".repeat(2 * 1024 * 1024) + "\n");

        for (var input : List.of(
                List.of(deep.toString(), ": line 2, column 71: nested deeper than 64 levels, the limit for a file of"
                        + " Capabilities"),
                List.of(broken.toString(), ": line 2, column 11: expected the node content, but found '<stream end>'"
                        + " (while parsing a flow node)"),
                List.of(big.toString(), ": larger than 1048576 bytes, the limit for a file of Capabilities"))) {
            CommandRun result = CommandRun.of("render", "-f", input.get(0), "--plugins-dir", plugins.toString());

            assertThat(result.exit()).as(result.err()).isEqualTo(2);
            assertThat(result.out()).isEmpty();
            assertThat(result.err().lines().findFirst()).contains("error: " + input.get(0) + input.get(1));
            assertThat(result.err()).doesNotContain("\tat ").doesNotContain("Exception");
        }
    }

    @Test
    void namesTheApiServerWouldRefuseAreRefusedQuotingItsRule() throws Exception {
        Path file = files.resolve("bad-name.yaml");
        Files.writeString(file, """
                apiVersion: halkyon.io/v1beta1
                kind: Capability
                metadata:
                  name: Shop_DB
                spec:
                  category: database
                  type: postgres
                """);

        CommandRun badName = CommandRun.of("render", "-f", file.toString(), "--plugins-dir", plugins.toString());
        CommandRun badNamespace = CommandRun.of("render", "-f", file.toString(), "-n", "Not A Namespace", "--plugins-dir",
                plugins.toString());

        assertThat(badName.exit()).isEqualTo(2);
        assertThat(badName.err().lines().findFirst()).contains("error: " + file + ": document 1: Capability is"
                + " invalid: metadata.name: Invalid value: \"Shop_DB\": a lowercase RFC 1123 subdomain must consist"
                + " of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric"
                + " character (e.g. 'example.com', regex used for validation is"
                + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
        assertThat(badNamespace.exit()).isEqualTo(2);
        assertThat(badNamespace.err()).startsWith("error: --namespace: Invalid value: \"Not A Namespace\": a"
                + " lowercase RFC 1123 label must consist of");
    }

    @Test
    void jsonIsOneListOfTheObjectsYamlPrintsAndDashReadsStandardInput() throws Exception {
        byte[] capability = """
                apiVersion: halkyon.io/v1beta1
                kind: Capability
                metadata:
                  name: shop-db
                  namespace: shop
                  uid: 1b4e28ba-2fa1-11d2-883f-0016d3cca427
                spec:
                  category: database
                  type: postgres
                  version: "15"
                """.getBytes(StandardCharsets.UTF_8);
        Path file = files.resolve("cap.yaml");
        Files.write(file, capability);
        CommandRun yaml = CommandRun.of("render", "-f", file.toString(), "--plugins-dir", plugins.toString());
        InputStream stdin = System.in;
        CommandRun json;
        try {
            System.setIn(new ByteArrayInputStream(capability));
            json = CommandRun.of("render", "-f", "-", "-o", "json", "--plugins-dir", plugins.toString());
        } finally {
            System.setIn(stdin);
        }

        assertThat(yaml.exit()).as(yaml.err()).isZero();
        assertThat(json.exit()).as(json.err()).isZero();
        JsonNode list = new ObjectMapper().readTree(json.out());
        assertThat(list.get("apiVersion").asText()).isEqualTo("v1");
        assertThat(list.get("kind").asText()).isEqualTo("List");
        // Each render makes a new random password: everything else is the same.
        List<JsonNode> items = new ArrayList<>();
        list.get("items").forEach(items::add);
        List<JsonNode> documents = documents(yaml.out());
        for (JsonNode object : items.size() == 3 ? List.of(items.get(0), documents.get(0)) : List.<JsonNode>of()) {
            assertThat(object.path("kind").asText()).isEqualTo("Secret");
            ((ObjectNode) object.get("data")).remove("DB_PASSWORD");
        }
        assertThat(items).hasSize(3).containsExactlyElementsOf(documents);
    }

    @Test
    void emptyStandardInputIsAUsageErrorNamingIt() {
        InputStream stdin = System.in;
        CommandRun result;
        try {
            System.setIn(new ByteArrayInputStream(new byte[0]));
            result = CommandRun.of("render", "-f", "-", "--plugins-dir", plugins.toString());
        } finally {
            System.setIn(stdin);
        }

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("standard input holds no Capability");
    }

    @Test
    void missingFileIsAUsageError() {
        CommandRun result = CommandRun.of("render", "-f", files.resolve("nope.yaml").toString(), "--plugins-dir", plugins.toString());
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("nope.yaml").contains("does not exist");
    }
}
