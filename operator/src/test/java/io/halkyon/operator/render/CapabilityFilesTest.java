package io.halkyon.operator.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.halkyon.plugin.api.Capability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile and broken input files: each one line naming the file, where, and the problem. */
class CapabilityFilesTest {

    private static final String CAPABILITY = """
            apiVersion: halkyon.io/v1beta1
            kind: Capability
            metadata:
              name: %s
            spec:
              category: database
              type: postgres
            """;

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static void assertOneLine(Throwable e) {
        assertThat(e).isInstanceOf(IOException.class);
        assertThat(e.getMessage()).doesNotContain("\n");
    }

    @Test
    void readsEveryCapabilityAndSkipsOtherKinds() throws IOException {
        Path f = file("caps.yaml", CAPABILITY.formatted("one") + "---\nkind: ConfigMap\napiVersion: v1\n---\n"
                + CAPABILITY.formatted("two"));
        List<Capability> read = CapabilityFiles.read(f);
        assertThat(read).extracting(c -> c.getMetadata().getName()).containsExactly("one", "two");
    }

    @Test
    void malformedYamlKeepsTheParsersProblemWithItsLineAndColumn() throws IOException {
        Path f = file("bad.yaml", "apiVersion: halkyon.io/v1beta1\nkind: Capability\nmetadata:\n  name: x\n c: d: e\n");
        assertThatThrownBy(() -> CapabilityFiles.read(f)).satisfies(CapabilityFilesTest::assertOneLine)
                .hasMessage(f + ": line 5, column 2: expected <block end>, but found '<block mapping start>'"
                        + " (while parsing a block mapping)");
    }

    @Test
    void malformedJsonKeepsTheParsersProblemWithItsLineAndColumn() throws IOException {
        Path f = file("bad.json", "{\"apiVersion\": \"halkyon.io/v1beta1\",\n \"kind\": ");
        assertThatThrownBy(() -> CapabilityFiles.read(f)).satisfies(CapabilityFilesTest::assertOneLine)
                .hasMessage(f + ": line 2, column 10: expected the node content, but found '<stream end>'"
                        + " (while parsing a flow node)");
    }

    @Test
    void nestingDeeperThanTheLimitIsOneLine() throws IOException {
        Path f = file("deep.yaml", "kind: Capability\nspec: " + "[".repeat(5000) + "]".repeat(5000) + "\n");
        assertThatThrownBy(() -> CapabilityFiles.read(f)).satisfies(CapabilityFilesTest::assertOneLine)
                .hasMessageMatching(java.util.regex.Pattern.quote(f.toString()) + ": line 2, column \\d+: nested"
                        + " deeper than 64 levels, the limit for a file of Capabilities");
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedWithoutParsingIt() throws IOException {
        Path f = file("big.yaml", CAPABILITY.formatted("big") + "# " + "x".repeat(CapabilityFiles.MAX_FILE_BYTES)
                + "\n");
        assertThatThrownBy(() -> CapabilityFiles.read(f)).satisfies(CapabilityFilesTest::assertOneLine)
                .hasMessage(f + ": larger than 1048576 bytes, the limit for a file of Capabilities");
    }

    @Test
    void namesTheApiServerWouldRefuseAreRefusedWithItsRule() throws IOException {
        Path name = file("name.yaml", CAPABILITY.formatted("Bad_Name"));
        assertThatThrownBy(() -> CapabilityFiles.read(name)).satisfies(CapabilityFilesTest::assertOneLine)
                .hasMessage(name + ": document 1: Capability is invalid: metadata.name: Invalid value: \"Bad_Name\":"
                        + " a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or"
                        + " '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used"
                        + " for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");

        Path namespace = file("ns.yaml", CAPABILITY.formatted("ok") + "---\n"
                + CAPABILITY.formatted("fine").replace("  name: fine", "  name: fine\n  namespace: ../kube-system"));
        assertThatThrownBy(() -> CapabilityFiles.read(namespace))
                .hasMessageStartingWith(namespace + ": document 2: Capability \"fine\" is invalid: metadata.namespace:"
                        + " Invalid value: \"../kube-system\": a lowercase RFC 1123 label must consist of");

        Path none = file("none.yaml", "apiVersion: halkyon.io/v1beta1\nkind: Capability\nspec: {}\n");
        assertThatThrownBy(() -> CapabilityFiles.read(none))
                .hasMessage(none + ": document 1: Capability is invalid: metadata.name: Required value");
    }

    @Test
    void aFieldOfTheWrongShapeNamesTheDocumentAndTheField() throws IOException {
        Path f = file("shape.yaml", "apiVersion: halkyon.io/v1beta1\nkind: Capability\nmetadata:\n  name: x\n"
                + "spec:\n  parameters: 5\n");
        assertThatThrownBy(() -> CapabilityFiles.read(f)).satisfies(CapabilityFilesTest::assertOneLine)
                .hasMessageStartingWith(f + ": document 1: spec.parameters: Cannot deserialize value of type");
    }

    @Test
    void aDirectoryIsReadFileByFileAndABadFileIsNamed() throws IOException {
        file("a.yaml", CAPABILITY.formatted("a"));
        file("notes.txt", "not read");
        Path bad = file("b.yml", "kind: Capability\napiVersion: halkyon.io/v1beta1\nmetadata: {name: Nope}\n");
        assertThatThrownBy(() -> CapabilityFiles.readDirectory(dir))
                .hasMessageStartingWith(bad + ": document 1: Capability is invalid: metadata.name: Invalid value:"
                        + " \"Nope\"");
    }
}
