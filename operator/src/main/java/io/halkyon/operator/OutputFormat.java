package io.halkyon.operator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.halkyon.operator.render.YamlDocuments;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code -o}/{@code --output} selects, as kubectl names them: {@code text} (a table or
 * lines for people, where a command has one), {@code yaml}, {@code json}. Kubernetes objects are
 * written with fabric8's serialization, as the operator writes them; anything else with Jackson.
 */
public enum OutputFormat {
    TEXT, YAML, JSON;

    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();
    private static final ObjectMapper JSON_MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML_MAPPER = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build());

    /** {@code value} (records, lists, maps) as YAML or JSON text ending with a newline. */
    public String data(Object value) {
        try {
            return switch (this) {
                case JSON -> JSON_MAPPER.writeValueAsString(value) + "\n";
                case YAML -> YAML_MAPPER.writeValueAsString(value);
                case TEXT -> throw new IllegalStateException("text has no data form");
            };
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + name().toLowerCase() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** A v1 List; not through its builder, which has no way to copy a custom resource such as a Capability. */
    private static KubernetesList list(List<? extends HasMetadata> objects) {
        KubernetesList list = new KubernetesList();
        list.setItems(new ArrayList<>(objects));
        return list;
    }

    private static Object readTree(String json) {
        try {
            return JSON_MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot reindent JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Kubernetes objects: YAML documents each starting with {@code ---} (what {@code kubectl apply
     * -f} reads), or one JSON {@code v1 List} holding them (what {@code kubectl get -o json} prints).
     */
    public String objects(List<? extends HasMetadata> objects) {
        return switch (this) {
            case JSON -> data(readTree(KUBERNETES.asJson(list(objects))));
            case YAML -> YamlDocuments.of(objects);
            case TEXT -> throw new IllegalStateException("text has no form for Kubernetes objects");
        };
    }
}
