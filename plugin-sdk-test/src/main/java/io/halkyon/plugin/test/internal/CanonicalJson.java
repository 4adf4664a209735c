package io.halkyon.plugin.test.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Objects as JSON trees in one stable form, so a golden file is the same text on every run
 * and every machine: Kubernetes JSON as fabric8 writes it (what crosses the wire), fields sorted
 * by name at every level, except that an object's top level starts with {@code apiVersion},
 * {@code kind}, {@code metadata} as Kubernetes manifests do. Arrays keep their order (it means
 * something). YAML is fabric8's.
 */
public final class CanonicalJson {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> HEAD = List.of("apiVersion", "kind", "metadata");

    private CanonicalJson() {
    }

    /**
     * The canonical tree of a value: a Kubernetes object (typed or generic), a {@link JsonNode},
     * a map, a list, a string, a number, a boolean or null.
     */
    public static JsonNode of(Object value) {
        if (value instanceof JsonNode node) {
            return sorted(node, true);
        }
        try {
            // Through fabric8's writer: its inclusion rules are those of the wire.
            return sorted(MAPPER.readTree(SERIALIZATION.asJson(value)), true);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read back the JSON of " + value.getClass().getName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * Parses JSON or YAML text into the canonical tree.
     *
     * @throws IllegalArgumentException naming {@code source} and the parser's first line
     */
    public static JsonNode parse(String text, String source) {
        try {
            JsonNode tree = SERIALIZATION.unmarshal(text, JsonNode.class);
            return sorted(tree == null ? MAPPER.nullNode() : tree, true);
        } catch (RuntimeException e) {
            String message = String.valueOf(rootCause(e).getMessage());
            int newline = message.indexOf('\n');
            throw new IllegalArgumentException(source + ": not JSON or YAML: "
                    + (newline < 0 ? message : message.substring(0, newline)), e);
        }
    }

    /** A canonical tree as YAML (fabric8's writer: a {@code ---} line first, strings quoted). */
    public static String yaml(JsonNode tree) {
        return SERIALIZATION.asYaml(tree);
    }

    /** A canonical tree as compact JSON. */
    public static String json(JsonNode tree) {
        return tree.toString();
    }

    private static JsonNode sorted(JsonNode node, boolean top) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            names.sort(top ? CanonicalJson::compareTop : String::compareTo);
            ObjectNode out = MAPPER.createObjectNode();
            for (String name : names) {
                out.set(name, sorted(object.get(name), false));
            }
            return out;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode out = MAPPER.createArrayNode();
            for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
                out.add(sorted(it.next(), false));
            }
            return out;
        }
        return node;
    }

    private static int compareTop(String a, String b) {
        int ia = HEAD.indexOf(a);
        int ib = HEAD.indexOf(b);
        if (ia >= 0 || ib >= 0) {
            return Integer.compare(ia < 0 ? HEAD.size() : ia, ib < 0 ? HEAD.size() : ib);
        }
        return a.compareTo(b);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
