package io.halkyon.operator.render;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;

/** Objects as a multi-document YAML stream, each document starting with {@code ---}. */
public final class YamlDocuments {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private YamlDocuments() {
    }

    public static String of(List<? extends HasMetadata> objects) {
        StringBuilder out = new StringBuilder();
        for (HasMetadata object : objects) {
            String yaml = SERIALIZATION.asYaml(object);
            if (!yaml.startsWith("---")) {
                out.append("---\n");
            }
            out.append(yaml);
            if (!yaml.endsWith("\n")) {
                out.append('\n');
            }
        }
        return out.toString();
    }
}
