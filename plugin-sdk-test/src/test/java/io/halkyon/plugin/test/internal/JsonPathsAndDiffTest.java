package io.halkyon.plugin.test.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonPathsAndDiffTest {

    @Test
    void pathsParseFieldsIndexesAndQuotedKeys() {
        assertThat(JsonPaths.parse("spec.containers[0].image")).containsExactly(
                new JsonPaths.Segment("spec", -1), new JsonPaths.Segment("containers", -1),
                new JsonPaths.Segment(null, 0), new JsonPaths.Segment("image", -1));
        assertThat(JsonPaths.parse("metadata.labels[\"app.kubernetes.io/name\"]")).containsExactly(
                new JsonPaths.Segment("metadata", -1), new JsonPaths.Segment("labels", -1),
                new JsonPaths.Segment("app.kubernetes.io/name", -1));
        assertThat(JsonPaths.parse("")).isEmpty();
    }

    @Test
    void malformedPathsSayWhereAndWhatWasExpected() {
        assertThatThrownBy(() -> JsonPaths.parse("spec..x"))
                .hasMessage("JSON path 'spec..x': expected a field name at position 5");
        assertThatThrownBy(() -> JsonPaths.parse("spec[x]"))
                .hasMessageStartingWith("JSON path 'spec[x]': expected an array index or a quoted key");
        assertThatThrownBy(() -> JsonPaths.parse("a[\"b\""))
                .hasMessageStartingWith("JSON path 'a[\"b\"': expected a closing");
        assertThatThrownBy(() -> JsonPaths.parse("a[99999999999]")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pathsAreWrittenAsTheyAreParsed() {
        String path = JsonPaths.field(JsonPaths.index(JsonPaths.field("metadata", "labels"), 0), "app.kubernetes.io/name");
        assertThat(path).isEqualTo("metadata.labels[0][\"app.kubernetes.io/name\"]");
        assertThat(JsonPaths.parse(path)).hasSize(4);
        assertThat(JsonPaths.join("spec", "[0].x")).isEqualTo("spec[0].x");
        assertThat(JsonPaths.join("spec", "x")).isEqualTo("spec.x");
        assertThat(JsonPaths.join("", "x")).isEqualTo("x");
    }

    @Test
    void theDiffListsEachFieldWithBothValuesAndComparesNumbersByValue() {
        JsonNode expected = CanonicalJson.of(Map.of("a", 1, "b", List.of("x", "y"), "c", "same"));
        JsonNode actual = CanonicalJson.of(Map.of("a", 2, "b", List.of("x"), "c", "same", "d", true));

        assertThat(JsonDiff.diff(expected, actual)).extracting(JsonDiff.Difference::describe).containsExactly(
                "a: expected 1 but was 2", "b[1]: expected \"y\" but was absent", "d: expected absent but was true");
        assertThat(JsonDiff.equal(CanonicalJson.of(1), LongNode.valueOf(1))).isTrue();
        assertThat(JsonDiff.equal(CanonicalJson.of(1), TextNode.valueOf("1"))).isFalse();
    }

    @Test
    void longValuesAreCutInMessages() {
        String rendered = JsonDiff.render(TextNode.valueOf("x".repeat(500)));
        assertThat(rendered).hasSizeLessThan(160).endsWith("... (502 characters)");
    }

    @Test
    void canonicalFormPutsTheManifestHeadFirstAndSortsTheRest() {
        JsonNode tree = CanonicalJson.parse("{\"spec\":{\"b\":1,\"a\":2},\"metadata\":{\"name\":\"x\"},\"kind\":\"K\","
                + "\"apiVersion\":\"v1\",\"data\":{}}", "test");
        assertThat(CanonicalJson.json(tree))
                .isEqualTo("{\"apiVersion\":\"v1\",\"kind\":\"K\",\"metadata\":{\"name\":\"x\"},\"data\":{},"
                        + "\"spec\":{\"a\":2,\"b\":1}}");
        assertThatThrownBy(() -> CanonicalJson.parse("{", "file.yaml")).hasMessageStartingWith("file.yaml: not JSON or YAML");
    }
}
