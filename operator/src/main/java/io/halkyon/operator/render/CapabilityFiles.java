package io.halkyon.operator.render;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.KubernetesNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads Capabilities from YAML (or JSON) files: one or several documents per file; documents of
 * other kinds are skipped. Whatever is wrong with a file is an {@link IOException} whose message
 * is one line starting with the file, then the line and column or the document when known: a
 * file over {@value #MAX_FILE_BYTES} bytes, nesting deeper than {@value #MAX_DEPTH} levels,
 * malformed YAML or JSON (the parser's problem kept), a Capability of another apiVersion or
 * with a field of the wrong shape, and a {@code metadata.name} or {@code metadata.namespace} the
 * API server would refuse (its rule quoted).
 */
public final class CapabilityFiles {

    /** Largest file read, in bytes: Capabilities are small, and the API server stores an object in at most 1.5 MiB. */
    public static final int MAX_FILE_BYTES = 1024 * 1024;
    /** Deepest nesting of maps and lists read; a Capability needs 4. */
    public static final int MAX_DEPTH = 64;

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build());
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private CapabilityFiles() {
    }

    /** Every Capability of {@code file}, in order. */
    public static List<Capability> read(Path file) throws IOException {
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (IOException e) {
            throw cannotRead(file.toString(), e);
        }
        try (in) {
            return read(in, file.toString());
        }
    }

    /**
     * Every Capability read from {@code in} (for example standard input), in order; messages name
     * {@code source}. Reads at most {@link #MAX_FILE_BYTES} + 1 bytes and does not close {@code in}.
     */
    public static List<Capability> read(InputStream in, String source) throws IOException {
        byte[] bytes;
        try {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            throw cannotRead(source, e);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new IOException(source + ": larger than " + MAX_FILE_BYTES + " bytes, the limit for a file of"
                    + " Capabilities");
        }
        return parse(bytes, source);
    }

    private static IOException cannotRead(String source, IOException e) {
        return new IOException(source + ": cannot read: " + describe(e, source), e);
    }

    private static List<Capability> parse(byte[] bytes, String source) throws IOException {
        List<Capability> capabilities = new ArrayList<>();
        try (JsonParser parser = YAML.getFactory().createParser(new String(bytes, StandardCharsets.UTF_8))) {
            MappingIterator<JsonNode> documents = YAML.readValues(parser, JsonNode.class);
            int index = 0;
            while (hasNext(documents, parser, source)) {
                JsonNode document = next(documents, parser, source);
                index++;
                if (document instanceof ObjectNode node && "Capability".equals(node.path("kind").asText())) {
                    capabilities.add(capability(node, source + ": document " + index));
                }
            }
        }
        return capabilities;
    }

    /** Every Capability of the {@code .yaml}, {@code .yml} and {@code .json} files of {@code dir}, by file name. */
    public static List<Capability> readDirectory(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(dir)) {
            files = listed.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().matches("(?i).*\\.(ya?ml|json)$")).sorted().toList();
        } catch (IOException e) {
            throw new IOException(dir + ": cannot list: " + describe(e, dir.toString()), e);
        }
        List<Capability> capabilities = new ArrayList<>();
        for (Path file : files) {
            capabilities.addAll(read(file));
        }
        return capabilities;
    }

    private static Capability capability(ObjectNode node, String where) throws IOException {
        String apiVersion = node.path("apiVersion").asText();
        if (!apiVersion.startsWith(Capability.GROUP + "/")) {
            throw new IOException(where + " is a Capability of apiVersion '" + apiVersion + "'; expected "
                    + Capability.API_VERSION);
        }
        Capability capability;
        try {
            capability = SERIALIZATION.convertValue(node, Capability.class);
        } catch (IllegalArgumentException e) {
            throw new IOException(where + ": " + shapeProblem(e), e);
        }
        String name = capability.getMetadata() == null ? null : capability.getMetadata().getName();
        Optional<String> problem = KubernetesNames.checkSubdomain("metadata.name", name);
        if (problem.isPresent()) {
            throw new IOException(where + ": Capability is invalid: " + problem.get());
        }
        String namespace = capability.getMetadata().getNamespace();
        if (namespace != null) {
            problem = KubernetesNames.checkLabel("metadata.namespace", namespace);
            if (problem.isPresent()) {
                throw new IOException(where + ": Capability \"" + name + "\" is invalid: " + problem.get());
            }
        }
        return capability;
    }

    /** A field of the wrong shape ({@code spec: x}): the field's path and the first line of why. */
    private static String shapeProblem(IllegalArgumentException e) {
        if (!(e.getCause() instanceof JsonMappingException mapping)) {
            return firstLine(e.getMessage());
        }
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : mapping.getPath()) {
            path.append(ref.getFieldName() != null ? (path.length() == 0 ? "" : ".") + ref.getFieldName()
                    : "[" + ref.getIndex() + "]");
        }
        return (path.length() == 0 ? "" : path + ": ") + firstLine(mapping.getOriginalMessage());
    }

    private static boolean hasNext(MappingIterator<JsonNode> documents, JsonParser parser, String file)
            throws IOException {
        try {
            return documents.hasNextValue();
        } catch (JsonProcessingException e) {
            throw syntaxError(file, parser, e);
        }
    }

    private static JsonNode next(MappingIterator<JsonNode> documents, JsonParser parser, String file)
            throws IOException {
        try {
            return documents.nextValue();
        } catch (JsonProcessingException e) {
            throw syntaxError(file, parser, e);
        }
    }

    /** {@code <file>: line L, column C: <the parser's problem>}, on one line. */
    private static IOException syntaxError(String file, JsonParser parser, JsonProcessingException e) {
        MarkedYAMLException yaml = yamlCause(e);
        if (yaml != null) {
            String context = yaml.getContext() == null ? "" : " (" + firstLine(yaml.getContext()) + ")";
            return new IOException(file + ": line " + (yaml.getProblemMark().getLine() + 1) + ", column "
                    + (yaml.getProblemMark().getColumn() + 1) + ": " + firstLine(yaml.getProblem()) + context, e);
        }
        JsonLocation at = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
        boolean tooDeep = e instanceof StreamConstraintsException
                && parser.getParsingContext().getNestingDepth() > MAX_DEPTH;
        String problem = tooDeep ? "nested deeper than " + MAX_DEPTH + " levels, the limit for a file of Capabilities"
                : firstLine(e.getOriginalMessage());
        return new IOException(file + ": line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + problem, e);
    }

    private static MarkedYAMLException yamlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                return marked;
            }
        }
        return null;
    }

    private static String describe(IOException e, String path) {
        String message = e.getMessage();
        return message == null || message.equals(path) ? e.getClass().getSimpleName() : firstLine(message);
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unknown problem";
        }
        String stripped = text.strip();
        int newline = stripped.indexOf('\n');
        return newline < 0 ? stripped : stripped.substring(0, newline).strip();
    }
}
