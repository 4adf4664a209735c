package io.halkyon.operator.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.halkyon.plugin.api.Capability;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Capabilities from YAML (or JSON) files: one or several documents per file; documents of
 * other kinds are skipped, a Capability of another apiVersion than {@code halkyon.io/...} is an
 * error naming the file.
 */
public final class CapabilityFiles {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private CapabilityFiles() {
    }

    /** Every Capability of {@code file}, in order. */
    public static List<Capability> read(Path file) throws IOException {
        List<Capability> capabilities = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file);
             YAMLParser parser = (YAMLParser) YAML.getFactory().createParser(reader)) {
            var documents = YAML.readValues(parser, JsonNode.class);
            int index = 0;
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                index++;
                if (!(document instanceof ObjectNode node) || !"Capability".equals(node.path("kind").asText())) {
                    continue;
                }
                String apiVersion = node.path("apiVersion").asText();
                if (!apiVersion.startsWith(Capability.GROUP + "/")) {
                    throw new IOException(file + ": document " + index + " is a Capability of apiVersion '" + apiVersion
                            + "'; expected " + Capability.API_VERSION);
                }
                capabilities.add(SERIALIZATION.convertValue(node, Capability.class));
            }
        }
        return capabilities;
    }

    /** Every Capability of the {@code .yaml}, {@code .yml} and {@code .json} files of {@code dir}, by file name. */
    public static List<Capability> readDirectory(Path dir) throws IOException {
        List<Capability> capabilities = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().matches("(?i).*\\.(ya?ml|json)$"))
                    .sorted().toList()) {
                capabilities.addAll(read(file));
            }
        }
        return capabilities;
    }
}
