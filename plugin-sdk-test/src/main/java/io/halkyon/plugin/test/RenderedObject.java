package io.halkyon.plugin.test;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.test.internal.CanonicalJson;
import io.halkyon.plugin.test.internal.Failures;
import io.halkyon.plugin.test.internal.JsonDiff;
import io.halkyon.plugin.test.internal.JsonPaths;
import java.util.List;
import java.util.Objects;

/**
 * An object a plugin answered (the result of a Build, or the object of an Update), as the host
 * received it, with assertions whose failures name the dependent and the field:
 *
 * <pre>{@code
 * statefulSet.assertField("spec.template.spec.containers[0].image", "postgres:15")
 *            .assertField("metadata.labels[\"app.kubernetes.io/name\"]", "postgres");
 * // dependent apps/v1 StatefulSet orders-db: spec.template.spec.containers[0].image:
 * //     expected "postgres:15" but was "postgres:16"
 * }</pre>
 *
 * <p>Paths: fields separated by dots, array indexes in brackets, and keys that are not plain
 * identifiers quoted in brackets ({@code metadata.labels["app.kubernetes.io/name"]}). Values
 * are compared as Kubernetes JSON: numbers by value, a string is not a number.
 */
public class RenderedObject {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final String subject;
    private final DependentKey key;
    private final JsonNode tree;

    /** {@code object} null: a dependent the operator does not create, so never built. */
    RenderedObject(String subject, DependentKey key, HasMetadata object) {
        this.subject = subject;
        this.key = key;
        this.tree = object == null ? null : CanonicalJson.of(object);
    }

    /**
     * Whether there is an object: false for a dependent whose config says the operator does not
     * create it ({@code created} false), which is never built; every other method then fails.
     */
    public boolean isBuilt() {
        return tree != null;
    }

    /** The dependent's declared key. */
    public DependentKey key() {
        return key;
    }

    /**
     * The object as the host parsed it: typed for kinds fabric8 knows, generic otherwise. A fresh
     * copy on every call, so a test may change it (to make a live object) without changing this.
     */
    public HasMetadata object() {
        return SERIALIZATION.unmarshal(json(), HasMetadata.class);
    }

    /**
     * A fresh copy of the object as {@code type}, e.g. {@code as(StatefulSet.class)}.
     *
     * @throws org.opentest4j.AssertionFailedError when it cannot be read as one
     */
    public <T extends HasMetadata> T as(Class<T> type) {
        try {
            return SERIALIZATION.unmarshal(json(), type);
        } catch (RuntimeException e) {
            throw Failures.failure(subject + ": cannot be read as a " + type.getSimpleName() + ": " + e.getMessage());
        }
    }

    /** The object as canonical JSON (fields sorted; see {@link GoldenFiles}). */
    public String json() {
        return CanonicalJson.json(tree());
    }

    /** The object as canonical YAML, as a golden file holds it. */
    public String yaml() {
        return CanonicalJson.yaml(tree());
    }

    /**
     * The value at {@code path} as a JSON tree, or null when there is none.
     *
     * @throws IllegalArgumentException when the path is malformed
     */
    public JsonNode field(String path) {
        return JsonPaths.get(tree(), JsonPaths.parse(path));
    }

    /**
     * Asserts the value at {@code path}: a string, number, boolean, map, list, Kubernetes model
     * object or {@link JsonNode}; {@code null} asserts a JSON null.
     */
    public RenderedObject assertField(String path, Object expected) {
        JsonNode want = CanonicalJson.of(expected);
        JsonNode actual = field(path);
        List<JsonDiff.Difference> differences = actual == null ? List.of(new JsonDiff.Difference("", want, null))
                : JsonDiff.diff(want, actual);
        if (!differences.isEmpty()) {
            List<JsonDiff.Difference> located = differences.stream()
                    .map(d -> new JsonDiff.Difference(JsonPaths.join(path, d.path()), d.expected(), d.actual())).toList();
            throw Failures.differences(subject, located, want, actual == null ? CanonicalJson.of(null) : actual, "");
        }
        return this;
    }

    /** Asserts that there is no field at {@code path}. */
    public RenderedObject assertNoField(String path) {
        JsonNode actual = field(path);
        if (actual != null) {
            throw Failures.failure(subject + ": " + new JsonDiff.Difference(path, null, actual).describe());
        }
        return this;
    }

    /**
     * Asserts the whole object: {@code expected} is a Kubernetes model object, YAML or JSON text,
     * a map or a {@link JsonNode}. Every differing field is listed.
     */
    public RenderedObject assertMatches(Object expected) {
        Objects.requireNonNull(expected, "expected");
        JsonNode want = expected instanceof String text ? CanonicalJson.parse(text, "the expected object")
                : CanonicalJson.of(expected);
        List<JsonDiff.Difference> differences = JsonDiff.diff(want, tree());
        if (!differences.isEmpty()) {
            throw Failures.differences(subject, differences, want, tree(), "");
        }
        return this;
    }

    /** How failures name this object, e.g. {@code dependent apps/v1 StatefulSet orders-db}. */
    public String subject() {
        return subject;
    }

    JsonNode tree() {
        if (tree == null) {
            throw Failures.failure(subject + " is not built: its config says the operator does not create it"
                    + " (created false), so the operator never asks for its Build");
        }
        return tree;
    }

    @Override
    public String toString() {
        return subject;
    }
}
