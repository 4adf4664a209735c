package io.halkyon.operator.testplugin;

import com.google.protobuf.ByteString;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
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
import io.halkyon.plugin.proto.capability.v1.UpdateResponse;
import io.halkyon.plugin.proto.capability.v1.ValidityResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * {@code raw/<scenario>}, plugin {@code test-raw}: three ConfigMap dependents per Capability,
 * {@code <name>-first}, {@code <name>-bad} and {@code <name>-last}, all created by the operator and
 * checked for readiness. First and last are always fine; the middle one is what the Capability's
 * type says:
 * <ul>
 *   <li>{@code invalid-json}: Build returns bytes that are not JSON;</li>
 *   <li>{@code no-kind}: an object with an empty kind; {@code no-name}: a ConfigMap without a name;</li>
 *   <li>{@code too-big}: a ConfigMap of {@value #TOO_BIG_BYTES} bytes of data (over the operator's
 *       1 MiB object limit, under the tests' message limit);</li>
 *   <li>{@code huge}: a ConfigMap of {@value #HUGE_BYTES} bytes (over the tests' message limit);</li>
 *   <li>{@code unknown-condition}: GetCondition answers type {@code Bogus};</li>
 *   <li>{@code invalid-flood}: CheckValidity answers {@value #FLOOD_ERRORS} errors of
 *       {@value #FLOOD_ERROR_CHARS} characters;</li>
 *   <li>{@code long-condition}: GetCondition answers Pending with a message of
 *       {@value #LONG_MESSAGE_CHARS} characters.</li>
 * </ul>
 */
final class RawCapabilityService extends CapabilityPluginGrpc.CapabilityPluginImplBase {

    static final List<String> SCENARIOS = List.of("invalid-json", "no-kind", "no-name", "too-big", "huge",
            "unknown-condition", "invalid-flood", "long-condition");
    static final int FLOOD_ERRORS = 1000;
    static final int FLOOD_ERROR_CHARS = 1000;
    static final int LONG_MESSAGE_CHARS = 100_000;
    static final int TOO_BIG_BYTES = 1200 * 1024;
    static final int HUGE_BYTES = 3 * 1024 * 1024;
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    @Override
    public void getInfo(GetInfoRequest request, StreamObserver<PluginInfo> response) {
        PluginInfo.Builder info = PluginInfo.newBuilder().setName("test-raw").setVersion("1.0.0").setCategory("raw");
        SCENARIOS.forEach(s -> info.addTypes(TypeInfo.newBuilder().setType(s)));
        reply(response, info.build());
    }

    @Override
    public void checkValidity(OwnerRequest request, StreamObserver<ValidityResponse> response) {
        ValidityResponse.Builder validity = ValidityResponse.newBuilder();
        if ("invalid-flood".equals(owner(request.getOwner()).getSpec().getType())) {
            for (int i = 0; i < FLOOD_ERRORS; i++) {
                validity.addErrors("error " + i + " " + "e".repeat(FLOOD_ERROR_CHARS));
            }
        }
        reply(response, validity.build());
    }

    @Override
    public void getDependents(OwnerRequest request, StreamObserver<DependentsResponse> response) {
        String name = owner(request.getOwner()).getMetadata().getName();
        DependentsResponse.Builder dependents = DependentsResponse.newBuilder();
        for (String suffix : List.of("-first", "-bad", "-last")) {
            dependents.addDependents(Dependent.newBuilder()
                    .setKey(DependentKey.newBuilder().setVersion("v1").setKind("ConfigMap").setName(name + suffix))
                    .setConfig(DependentConfig.newBuilder().setOwned(true).setCreated(true).setUpdated(true)
                            .setCheckedForReadiness(true)));
        }
        reply(response, dependents.build());
    }

    @Override
    public void build(DependentRequest request, StreamObserver<BuildResponse> response) {
        String scenario = owner(request.getOwner()).getSpec().getType();
        String name = request.getDependent().getName();
        String json;
        if (!name.endsWith("-bad")) {
            json = configMap(name, 10);
        } else {
            json = switch (scenario) {
                case "invalid-json" -> "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", <<not json>>";
                case "no-kind" -> "{\"apiVersion\":\"v1\",\"kind\":\"\",\"metadata\":{\"name\":\"" + name + "\"}}";
                case "no-name" -> "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{},\"data\":{}}";
                case "too-big" -> configMap(name, TOO_BIG_BYTES);
                case "huge" -> configMap(name, HUGE_BYTES);
                default -> configMap(name, 10);
            };
        }
        reply(response, BuildResponse.newBuilder().setObject(ByteString.copyFrom(json, StandardCharsets.UTF_8))
                .build());
    }

    @Override
    public void update(DependentRequest request, StreamObserver<UpdateResponse> response) {
        reply(response, UpdateResponse.newBuilder().setChanged(false).build());
    }

    @Override
    public void getCondition(DependentRequest request, StreamObserver<ConditionResponse> response) {
        String scenario = owner(request.getOwner()).getSpec().getType();
        boolean bad = request.getDependent().getName().endsWith("-bad");
        Condition condition = switch (bad ? scenario : "") {
            case "unknown-condition" -> Condition.newBuilder().setType("Bogus").setReason("Raw")
                    .setMessage("raw answer").build();
            case "long-condition" -> Condition.newBuilder().setType("Pending").setReason("Raw")
                    .setMessage("m".repeat(LONG_MESSAGE_CHARS)).build();
            default -> Condition.newBuilder().setType("Ready").setReason("Raw").setMessage("raw answer").build();
        };
        reply(response, ConditionResponse.newBuilder().setCondition(condition).build());
    }

    static String configMap(String name, int dataBytes) {
        return JSON.asJson(new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
                .withData(Map.of("payload", "x".repeat(dataBytes))).build());
    }

    static Capability owner(ByteString json) {
        return JSON.unmarshal(json.toStringUtf8(), Capability.class);
    }

    static <T> void reply(StreamObserver<T> response, T value) {
        response.onNext(value);
        response.onCompleted();
    }
}
