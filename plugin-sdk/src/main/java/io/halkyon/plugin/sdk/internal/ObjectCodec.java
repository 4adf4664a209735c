package io.halkyon.plugin.sdk.internal;

import com.google.protobuf.ByteString;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.proto.internal.capability.KubeJson;

/**
 * The owner Capability and the live objects of a request, read with the shared
 * {@link KubeJson}; bad input becomes an {@link InvalidArgumentException} naming the request field.
 */
final class ObjectCodec {

    private ObjectCodec() {
    }

    static Capability owner(ByteString json) {
        if (json.isEmpty()) {
            throw new InvalidArgumentException("field 'owner' is empty: expected the Capability as Kubernetes JSON");
        }
        Capability owner;
        try {
            owner = KubeJson.capability(json);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("field 'owner' is not a Capability in Kubernetes JSON: "
                    + e.getMessage(), e);
        }
        if (owner == null) {
            throw new InvalidArgumentException("field 'owner' is not a Capability in Kubernetes JSON: it is null");
        }
        return owner;
    }

    static HasMetadata live(ByteString json) {
        if (json.isEmpty()) {
            throw new InvalidArgumentException("field 'live' is empty: expected the live object as Kubernetes JSON");
        }
        HasMetadata live;
        try {
            live = KubeJson.object(json);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("field 'live' is not a Kubernetes object in JSON: " + e.getMessage(), e);
        }
        if (live == null) {
            throw new InvalidArgumentException("field 'live' is not a Kubernetes object in JSON (with apiVersion, "
                    + "kind and metadata)");
        }
        return live;
    }
}
