package io.halkyon.plugin.host.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;

/** Kubernetes JSON on the wire, with fabric8's serialization (typed objects for known kinds). */
public final class KubeJson {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private KubeJson() {
    }

    public static byte[] toBytes(Object object) {
        return SERIALIZATION.asJson(object).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A Kubernetes object, typed for known kinds; null when the JSON is valid but is no object
     * with a kind (fabric8 then gives a raw extension).
     *
     * @throws RuntimeException when the bytes are not JSON
     */
    public static HasMetadata object(byte[] json) {
        Object parsed = SERIALIZATION.unmarshal(new String(json, StandardCharsets.UTF_8), KubernetesResource.class);
        return parsed instanceof HasMetadata object ? object : null;
    }
}
