package io.halkyon.plugin.proto.internal.capability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.halkyon.plugin.api.Capability;
import java.io.IOException;

/**
 * Kubernetes JSON on the wire, with fabric8's serialization (typed objects for known kinds):
 * owners, live objects and built objects, for host and SDK alike. Parse failures are
 * {@link IllegalArgumentException}s whose message is the parser's first line.
 *
 * <p>One mapper for the JVM, configured by fabric8 exactly as {@code new KubernetesSerialization()}
 * configures its own (modules, inclusion rules, the kind registry), and used directly so bytes go
 * in and out without a String in between; readers and the writer are made once.
 */
public final class KubeJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Configures {@link #MAPPER} in place; kept for input that is not a JSON object (fabric8 reads YAML too). */
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization(MAPPER, true);
    private static final ObjectWriter WRITER = MAPPER.writer();
    private static final ObjectReader RESOURCE = MAPPER.readerFor(KubernetesResource.class);
    private static final ObjectReader CAPABILITY = MAPPER.readerFor(Capability.class);

    private KubeJson() {
    }

    /**
     * The object as Kubernetes JSON (UTF-8), the bytes wrapped without a copy.
     *
     * @throws IllegalStateException when it cannot be serialized; the message is the serializer's first line
     */
    public static ByteString json(Object object) {
        byte[] bytes;
        try {
            bytes = WRITER.writeValueAsBytes(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(rootMessage(e), e);
        }
        // The array is ours alone and never written again.
        return UnsafeByteOperations.unsafeWrap(bytes);
    }

    /** A Kubernetes object, typed for known kinds; null when the JSON is valid but no object with a kind. */
    public static HasMetadata object(ByteString json) {
        Object parsed = parse(json, RESOURCE, KubernetesResource.class);
        return parsed instanceof HasMetadata object ? object : null;
    }

    /** A Capability; null for JSON {@code null}. */
    public static Capability capability(ByteString json) {
        return parse(json, CAPABILITY, Capability.class);
    }

    private static <T> T parse(ByteString json, ObjectReader reader, Class<T> type) {
        try {
            if (startsLikeJson(json)) {
                return reader.readValue(json.newInput());
            }
            // What fabric8 reads besides JSON (YAML, JSON null), its way, as before.
            return SERIALIZATION.unmarshal(json.toStringUtf8(), type);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(rootMessage(e), e);
        }
    }

    /** The first non-blank byte opens a JSON object or array: fabric8's own test between JSON and YAML. */
    private static boolean startsLikeJson(ByteString json) {
        for (int i = 0, n = json.size(); i < n; i++) {
            int b = json.byteAt(i);
            if (!Character.isWhitespace(b)) {
                return b == '{' || b == '[';
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (message == null) {
            return root.getClass().getSimpleName();
        }
        // Jackson appends a long source excerpt after a newline; the first line says it.
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
