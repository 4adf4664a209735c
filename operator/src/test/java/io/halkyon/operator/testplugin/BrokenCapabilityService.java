package io.halkyon.operator.testplugin;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
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
import io.halkyon.plugin.proto.capability.v1.UpdateResponse;
import io.halkyon.plugin.proto.capability.v1.ValidityResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * {@link BrokenPlugin}'s Capability service: plugin {@code test-broken}, category {@code broken},
 * type {@code broken} version {@code 1}. Each Capability has a ConfigMap dependent
 * {@code <name>-good}, and one more per Build misbehaviour, named after it, that Build gets wrong:
 * {@code wrong-kind} (a Secret), {@code other-namespace} (namespace {@code elsewhere}),
 * {@code invalid-json}, {@code oversize} (over the operator's 1 MiB object limit). With
 * {@code update-fails} Update fails (INTERNAL); with {@code bogus-condition} GetCondition answers
 * type {@code Bogus}; with {@code empty-info} GetInfo answers an empty PluginInfo.
 */
final class BrokenCapabilityService extends CapabilityPluginGrpc.CapabilityPluginImplBase {

    static final List<String> BUILD_MISBEHAVIOURS = List.of("wrong-kind", "other-namespace", "invalid-json",
            "oversize");

    private final Set<String> broken;

    BrokenCapabilityService(Set<String> broken) {
        this.broken = broken;
    }

    @Override
    public void getInfo(GetInfoRequest request, StreamObserver<PluginInfo> response) {
        RawCapabilityService.reply(response, broken.contains("empty-info") ? PluginInfo.getDefaultInstance()
                : PluginInfo.newBuilder().setName("test-broken").setVersion("1.0.0").setCategory("broken")
                        .addTypes(TypeInfo.newBuilder().setType("broken").addVersions("1")).build());
    }

    @Override
    public void checkValidity(OwnerRequest request, StreamObserver<ValidityResponse> response) {
        RawCapabilityService.reply(response, ValidityResponse.getDefaultInstance());
    }

    @Override
    public void getDependents(OwnerRequest request, StreamObserver<DependentsResponse> response) {
        String name = RawCapabilityService.owner(request.getOwner()).getMetadata().getName();
        DependentsResponse.Builder dependents = DependentsResponse.newBuilder().addDependents(dependent(name + "-good"));
        BUILD_MISBEHAVIOURS.stream().filter(broken::contains)
                .forEach(b -> dependents.addDependents(dependent(name + "-" + b)));
        RawCapabilityService.reply(response, dependents.build());
    }

    private static Dependent dependent(String name) {
        return Dependent.newBuilder()
                .setKey(DependentKey.newBuilder().setVersion("v1").setKind("ConfigMap").setName(name))
                .setConfig(DependentConfig.newBuilder().setOwned(true).setCreated(true).setUpdated(true)
                        .setCheckedForReadiness(true)).build();
    }

    @Override
    public void build(DependentRequest request, StreamObserver<BuildResponse> response) {
        String name = request.getDependent().getName();
        String json;
        if (name.endsWith("-wrong-kind")) {
            json = "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"" + name + "\"}}";
        } else if (name.endsWith("-other-namespace")) {
            json = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
                    + "\",\"namespace\":\"elsewhere\"}}";
        } else if (name.endsWith("-invalid-json")) {
            json = "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", <<not json>>";
        } else if (name.endsWith("-oversize")) {
            json = RawCapabilityService.configMap(name, RawCapabilityService.TOO_BIG_BYTES);
        } else {
            json = RawCapabilityService.configMap(name, 10);
        }
        RawCapabilityService.reply(response, BuildResponse.newBuilder()
                .setObject(ByteString.copyFrom(json, StandardCharsets.UTF_8)).build());
    }

    @Override
    public void update(DependentRequest request, StreamObserver<UpdateResponse> response) {
        if (broken.contains("update-fails")) {
            response.onError(Status.INTERNAL.withDescription("update is broken on purpose").asRuntimeException());
            return;
        }
        RawCapabilityService.reply(response, UpdateResponse.newBuilder().setChanged(false).build());
    }

    @Override
    public void getCondition(DependentRequest request, StreamObserver<ConditionResponse> response) {
        Condition condition = Condition.newBuilder().setType(broken.contains("bogus-condition") ? "Bogus" : "Ready")
                .setReason("Broken").setMessage("as broken as asked").build();
        RawCapabilityService.reply(response, ConditionResponse.newBuilder().setCondition(condition).build());
    }
}
