package io.halkyon.plugin.sdk.it;

import com.google.protobuf.ByteString;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilitySpec;
import io.halkyon.plugin.proto.capability.v1.DependentKey;
import io.halkyon.plugin.proto.capability.v1.DependentRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Client-side helpers of the tests: dialing a plugin and building requests. */
public final class Wire {

    public static final KubernetesSerialization JSON = new KubernetesSerialization();

    private Wire() {
    }

    /** Dials {@code unix} + path or {@code tcp} + host:port as a host would. */
    public static ManagedChannel dial(String network, String address) {
        String target = "unix".equals(network) ? "unix:" + address : address;
        return Grpc.newChannelBuilder(target, InsecureChannelCredentials.create()).build();
    }

    public static void close(ManagedChannel channel) throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow();
            channel.awaitTermination(2, TimeUnit.SECONDS);
        }
    }

    public static ByteString owner(String name) {
        Capability owner = Capability.of(name, "ns1", new CapabilitySpec("test", "thing", "1", List.of()));
        return ByteString.copyFrom(JSON.asJson(owner), StandardCharsets.UTF_8);
    }

    public static ByteString json(HasMetadata object) {
        return ByteString.copyFrom(JSON.asJson(object), StandardCharsets.UTF_8);
    }

    public static DependentKey configMapKey(String name) {
        return DependentKey.newBuilder().setVersion("v1").setKind("ConfigMap").setName(name).build();
    }

    public static DependentRequest request(String owner, String dependent) {
        return DependentRequest.newBuilder().setOwner(owner(owner)).setDependent(configMapKey(dependent)).build();
    }

    public static HasMetadata object(ByteString json) {
        return JSON.unmarshal(json.toStringUtf8(), HasMetadata.class);
    }
}
