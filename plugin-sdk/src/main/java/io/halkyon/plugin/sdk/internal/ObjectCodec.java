package io.halkyon.plugin.sdk.internal;

import com.google.protobuf.ByteString;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.halkyon.plugin.api.Capability;
import java.nio.charset.StandardCharsets;

/**
 * Kubernetes JSON on the wire: the owner Capability and the live objects in, built objects
 * out. Bad input becomes an {@link InvalidArgumentException} naming the request field.
 */
final class ObjectCodec {

    private final KubernetesSerialization serialization = new KubernetesSerialization();

    Capability owner(ByteString json) {
        if (json.isEmpty()) {
            throw new InvalidArgumentException("field 'owner' is empty: expected the Capability as Kubernetes JSON");
        }
        Capability owner;
        try {
            owner = serialization.unmarshal(json.toStringUtf8(), Capability.class);
        } catch (RuntimeException e) {
            throw new InvalidArgumentException("field 'owner' is not a Capability in Kubernetes JSON: "
                    + rootMessage(e), e);
        }
        if (owner == null) {
            throw new InvalidArgumentException("field 'owner' is not a Capability in Kubernetes JSON: it is null");
        }
        return owner;
    }

    HasMetadata live(ByteString json) {
        if (json.isEmpty()) {
            throw new InvalidArgumentException("field 'live' is empty: expected the live object as Kubernetes JSON");
        }
        Object live;
        try {
            live = serialization.unmarshal(json.toStringUtf8(), HasMetadata.class);
        } catch (RuntimeException e) {
            throw new InvalidArgumentException("field 'live' is not a Kubernetes object in JSON: "
                    + rootMessage(e), e);
        }
        if (!(live instanceof HasMetadata object)) {
            throw new InvalidArgumentException("field 'live' is not a Kubernetes object in JSON (with apiVersion, "
                    + "kind and metadata)");
        }
        return object;
    }

    ByteString json(HasMetadata object) {
        return ByteString.copyFrom(serialization.asJson(object), StandardCharsets.UTF_8);
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
