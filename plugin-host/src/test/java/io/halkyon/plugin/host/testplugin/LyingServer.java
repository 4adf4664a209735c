package io.halkyon.plugin.host.testplugin;

import com.google.protobuf.ByteString;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.proto.capability.v1.BuildResponse;
import io.halkyon.plugin.proto.capability.v1.CapabilityPluginGrpc;
import io.halkyon.plugin.proto.capability.v1.Condition;
import io.halkyon.plugin.proto.capability.v1.ConditionResponse;
import io.halkyon.plugin.proto.capability.v1.Dependent;
import io.halkyon.plugin.proto.capability.v1.DependentConfig;
import io.halkyon.plugin.proto.capability.v1.DependentKey;
import io.halkyon.plugin.proto.capability.v1.DependentRequest;
import io.halkyon.plugin.proto.capability.v1.DependentsResponse;
import io.halkyon.plugin.proto.capability.v1.GetInfoRequest;
import io.halkyon.plugin.proto.capability.v1.OwnerRequest;
import io.halkyon.plugin.proto.capability.v1.PluginInfo;
import io.halkyon.plugin.proto.capability.v1.TypeInfo;
import io.halkyon.plugin.proto.goplugin.Empty;
import io.halkyon.plugin.proto.goplugin.GRPCControllerGrpc;
import io.halkyon.plugin.proto.internal.net.ServerListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A plugin written directly on grpc-java (no SDK, which would refuse to send any of this), over
 * TCP, that lies as its Capability's parameters say: {@code lie=invalid-json|too-deep|no-kind|no-name}
 * for the object Build returns, {@code condition=<type>} for GetCondition's type. Its GetInfo
 * answer is whatever it is given (no types, metadata out of bounds...).
 */
final class LyingServer {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private LyingServer() {
    }

    static void run(String name, String category, boolean withTypes) throws IOException, InterruptedException {
        PluginInfo.Builder info = PluginInfo.newBuilder().setName(name).setVersion("6.6.6").setCategory(category);
        if (withTypes) {
            info.addTypes(TypeInfo.newBuilder().setType("widget"));
        }
        run(info.build());
    }

    /** Serves {@code info} as its GetInfo answer, whatever it holds. */
    static void run(PluginInfo info) throws IOException, InterruptedException {
        HealthStatusManager health = new HealthStatusManager();
        health.setStatus("plugin", ServingStatus.SERVING);
        // Within the port range the host offered: it dials nothing else.
        ServerListener listener = ServerListener.start("tcp", System.getenv(), b -> b
                .addService(health.getHealthService())
                .addService(new Lies(info))
                .addService(new GRPCControllerGrpc.GRPCControllerImplBase() {
                    @Override
                    public void shutdown(Empty request, StreamObserver<Empty> response) {
                        response.onNext(Empty.getDefaultInstance());
                        response.onCompleted();
                        new Thread(() -> System.exit(0)).start();
                    }
                })
                );
        System.out.println("1|1|tcp|" + listener.address() + "|grpc|");
        System.out.flush();
        listener.server().awaitTermination();
    }

    private static final class Lies extends CapabilityPluginGrpc.CapabilityPluginImplBase {
        private final PluginInfo info;

        Lies(PluginInfo info) {
            this.info = info;
        }

        @Override
        public void getInfo(GetInfoRequest request, StreamObserver<PluginInfo> response) {
            answer(response, info);
        }

        @Override
        public void getDependents(OwnerRequest request, StreamObserver<DependentsResponse> response) {
            Capability owner = owner(request.getOwner());
            answer(response, DependentsResponse.newBuilder().addDependents(Dependent.newBuilder()
                    .setKey(DependentKey.newBuilder().setVersion("v1").setKind("ConfigMap")
                            .setName(owner.getMetadata().getName() + "-config"))
                    .setConfig(DependentConfig.newBuilder().setCreated(true).setCheckedForReadiness(true)))
                    .build());
        }

        @Override
        public void build(DependentRequest request, StreamObserver<BuildResponse> response) {
            Capability owner = owner(request.getOwner());
            String name = request.getDependent().getName();
            String json = switch (owner.getSpec().parameter("lie").orElse("none")) {
                case "invalid-json" -> "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":";
                case "too-deep" -> "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"data\":" + "[".repeat(100_000)
                        + "]".repeat(100_000) + "}";
                case "no-kind" -> "{\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"" + name + "\"}}";
                case "no-name" -> "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"labels\":{\"a\":\"b\"}}}";
                default -> "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\"}}";
            };
            answer(response, BuildResponse.newBuilder().setObject(ByteString.copyFrom(json, StandardCharsets.UTF_8))
                    .build());
        }

        @Override
        public void getCondition(DependentRequest request, StreamObserver<ConditionResponse> response) {
            String type = owner(request.getOwner()).getSpec().parameter("condition").orElse("Ready");
            answer(response, ConditionResponse.newBuilder().setCondition(Condition.newBuilder().setType(type)
                    .setReason("Because").setMessage("so it is")).build());
        }

        private static Capability owner(ByteString json) {
            return JSON.unmarshal(json.toStringUtf8(), Capability.class);
        }

        private static <T> void answer(StreamObserver<T> response, T value) {
            response.onNext(value);
            response.onCompleted();
        }
    }
}
