package io.halkyon.plugin.proto.internal.capability;

import com.google.protobuf.ByteString;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.halkyon.plugin.api.Capability;
import java.nio.charset.StandardCharsets;

/**
 * Kubernetes JSON on the wire, with fabric8's serialization (typed objects for known kinds):
 * owners, live objects and built objects, for host and SDK alike. Parse failures are
 * {@link IllegalArgumentException}s whose message is the parser's first line.
 */
public final class KubeJson {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private KubeJson() {
    }

    public static ByteString json(Object object) {
        return ByteString.copyFrom(SERIALIZATION.asJson(object), StandardCharsets.UTF_8);
    }

    /** A Kubernetes object, typed for known kinds; null when the JSON is valid but no object with a kind. */
    public static HasMetadata object(ByteString json) {
        Object parsed = parse(json, KubernetesResource.class);
        return parsed instanceof HasMetadata object ? object : null;
    }

    /** A Capability; null for JSON {@code null}. */
    public static Capability capability(ByteString json) {
        return parse(json, Capability.class);
    }

    private static <T> T parse(ByteString json, Class<T> type) {
        try {
            return SERIALIZATION.unmarshal(json.toStringUtf8(), type);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(rootMessage(e), e);
        }
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
