package io.halkyon.plugin.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import io.halkyon.plugin.proto.capability.v1.CapabilityPluginGrpc;
import io.halkyon.plugin.proto.capability.v1.Condition;
import io.halkyon.plugin.proto.capability.v1.Dependent;
import io.halkyon.plugin.proto.capability.v1.DependentRequest;
import io.halkyon.plugin.proto.capability.v1.GetInfoRequest;
import io.halkyon.plugin.proto.capability.v1.OwnerRequest;
import io.halkyon.plugin.proto.capability.v1.PluginInfo;
import io.halkyon.plugin.proto.capability.v1.UpdateResponse;
import io.halkyon.plugin.proto.goplugin.ConnInfo;
import io.halkyon.plugin.proto.goplugin.Empty;
import io.halkyon.plugin.proto.goplugin.GRPCBrokerGrpc;
import io.halkyon.plugin.proto.goplugin.GRPCControllerGrpc;
import io.halkyon.plugin.sdk.it.TestPlugin;
import io.halkyon.plugin.sdk.it.Wire;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The plugin services over a real unix socket, served in this JVM by {@link PluginServer#start}. */
class ServedPluginTest {

    private ServedPlugin served;
    private ManagedChannel channel;
    private CapabilityPluginGrpc.CapabilityPluginBlockingStub capability;

    @BeforeEach
    void start() {
        served = PluginServer.start(new TestPlugin(), ServeConfig.builder().shutdownGrace(Duration.ofMillis(200)).build());
        channel = Wire.dial(served.network().wireName(), served.address());
        capability = CapabilityPluginGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws InterruptedException {
        Wire.close(channel);
        served.close();
    }

    @Test
    void listensOnAUnixSocketAndAnnouncesIt() {
        assertThat(served.network()).isEqualTo(PluginNetwork.UNIX);
        assertThat(Path.of(served.address())).isAbsolute().hasFileName("plugin.sock").exists();
        assertThat(served.handshakeLine()).isEqualTo("1|1|unix|" + served.address() + "|grpc|\n");
    }

    @Test
    void healthReportsPluginAndAllServicesServing() {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);

        assertThat(health.check(HealthCheckRequest.newBuilder().setService("plugin").build()).getStatus())
                .isEqualTo(ServingStatus.SERVING);
        assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus()).isEqualTo(ServingStatus.SERVING);
    }

    @Test
    void getInfoReportsNameVersionCategoryAndTypes() {
        PluginInfo info = capability.getInfo(GetInfoRequest.getDefaultInstance());

        assertThat(info.getName()).isEqualTo("test-thing");
        assertThat(info.getVersion()).isEqualTo("9.9.9");
        assertThat(info.getCategory()).isEqualTo("test");
        assertThat(info.getTypesList()).singleElement().satisfies(type -> {
            assertThat(type.getType()).isEqualTo("thing");
            assertThat(type.getVersionsList()).containsExactly("1", "2");
        });
    }

    @Test
    void checkValidityReturnsThePluginsMessages() {
        assertThat(capability.checkValidity(OwnerRequest.newBuilder().setOwner(Wire.owner("db1")).build())
                .getErrorsList()).isEmpty();
    }

    @Test
    void getDependentsReturnsKeysAndConfigsInOrder() {
        List<Dependent> dependents = capability.getDependents(
                OwnerRequest.newBuilder().setOwner(Wire.owner("db1")).build()).getDependentsList();

        assertThat(dependents).extracting(d -> d.getKey().getName()).containsExactly("db1-config", "boom", "printer");
        Dependent first = dependents.get(0);
        assertThat(first.getKey().getGroup()).isEmpty();
        assertThat(first.getKey().getVersion()).isEqualTo("v1");
        assertThat(first.getKey().getKind()).isEqualTo("ConfigMap");
        assertThat(first.getConfig().getWatched()).isTrue();
        assertThat(first.getConfig().getOwned()).isTrue();
        assertThat(first.getConfig().getCreated()).isTrue();
        assertThat(first.getConfig().getUpdated()).isFalse();
        assertThat(first.getConfig().getCheckedForReadiness()).isFalse();
    }

    @Test
    void buildReturnsTheObjectAsKubernetesJson() {
        ByteString json = capability.build(Wire.request("db1", "db1-config")).getObject();

        HasMetadata object = Wire.object(json);
        assertThat(object).isInstanceOf(ConfigMap.class);
        assertThat(object.getMetadata().getName()).isEqualTo("db1-config");
        assertThat(((ConfigMap) object).getData()).containsEntry("owner", "db1").containsEntry("quote", "a \"b\"\n");
    }

    @Test
    void updateReportsWhetherTheObjectChangedAndTheNewObject() {
        DependentRequest request = Wire.request("db1", "db1-config").toBuilder()
                .setLive(Wire.json(TestPlugin.configMap("db1-config", Map.of()))).build();

        UpdateResponse response = capability.update(request);

        assertThat(response.getChanged()).isTrue();
        assertThat(((ConfigMap) Wire.object(response.getObject())).getData()).containsEntry("updated", "yes");

        UpdateResponse again = capability.update(request.toBuilder().setLive(response.getObject()).build());
        assertThat(again.getChanged()).isFalse();
        assertThat(again.getObject().isEmpty()).isTrue();
    }

    @Test
    void defaultConditionIsReady() {
        DependentRequest request = Wire.request("db1", "db1-config").toBuilder()
                .setLive(Wire.json(TestPlugin.configMap("db1-config", Map.of()))).build();

        Condition condition = capability.getCondition(request).getCondition();

        assertThat(condition.getType()).isEqualTo("Ready");
        assertThat(condition.getMessage()).contains("db1-config");
    }

    @Test
    void anExceptionInPluginCodeBecomesAStatusWithItsMessage() {
        assertThatThrownBy(() -> capability.build(Wire.request("db1", "boom")))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
                    assertThat(e.getStatus().getDescription()).isEqualTo("kaboom while building v1/ConfigMap/boom");
                });
    }

    @Test
    void anUnknownDependentIsNotFoundNamingItAndTheKnownOnes() {
        assertThatThrownBy(() -> capability.build(Wire.request("db1", "nope")))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(e.getStatus().getDescription())
                            .contains("v1/ConfigMap/nope", "v1/ConfigMap/db1-config", "v1/ConfigMap/boom");
                });
    }

    @Test
    void aMalformedOwnerIsInvalidArgumentNamingTheField() {
        DependentRequest request = Wire.request("db1", "db1-config").toBuilder()
                .setOwner(ByteString.copyFromUtf8("{not json")).build();

        assertThatThrownBy(() -> capability.build(request))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("'owner'");
                });
        assertThatThrownBy(() -> capability.getDependents(OwnerRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("'owner' is empty");
                });
    }

    @Test
    void aMissingOrMalformedLiveObjectIsInvalidArgumentNamingTheField() {
        DependentRequest noLive = Wire.request("db1", "db1-config");
        DependentRequest badLive = noLive.toBuilder().setLive(ByteString.copyFromUtf8("[1,2")).build();

        for (DependentRequest request : List.of(noLive, badLive)) {
            assertThatThrownBy(() -> capability.update(request))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(e.getStatus().getDescription()).contains("'live'");
                    });
        }
    }

    @Test
    void aConditionOfUnknownTypeOrNullIsAnErrorNotAZeroValue() {
        DependentRequest sideways = Wire.request("db1", "boom").toBuilder()
                .setLive(Wire.json(TestPlugin.configMap("boom", Map.of()))).build();
        DependentRequest nothing = Wire.request("db1", "printer").toBuilder()
                .setLive(Wire.json(TestPlugin.configMap("printer", Map.of()))).build();

        assertThatThrownBy(() -> capability.getCondition(sideways))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
                    assertThat(e.getStatus().getDescription()).contains("unknown type 'Sideways'");
                });
        assertThatThrownBy(() -> capability.getCondition(nothing))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
                    assertThat(e.getStatus().getDescription()).contains("null condition");
                });
    }

    @Test
    void reflectionListsTheGoPluginAndCapabilityServices() throws Exception {
        CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .serverReflectionInfo(completing(answer));
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        requests.onCompleted();

        List<String> services = new ArrayList<>();
        answer.get(10, TimeUnit.SECONDS).getListServicesResponse().getServiceList()
                .forEach(s -> services.add(s.getName()));
        assertThat(services).contains("grpc.health.v1.Health", "plugin.GRPCController", "plugin.GRPCStdio",
                "plugin.GRPCBroker", "halkyon.capability.v1.CapabilityPlugin");
    }

    @Test
    void theBrokerStreamStaysOpenAndEndsWhenThePluginStops() {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        StreamObserver<ConnInfo> requests = GRPCBrokerGrpc.newStub(channel).startStream(new StreamObserver<>() {
            @Override
            public void onNext(ConnInfo value) {
            }

            @Override
            public void onError(Throwable t) {
                ended.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                ended.complete(null);
            }
        });
        requests.onNext(ConnInfo.newBuilder().setServiceId(1).setNetwork("unix").setAddress("/x").build());
        // Still open after a round trip on the same channel.
        capability.getInfo(GetInfoRequest.getDefaultInstance());
        assertThat(ended).isNotDone();

        served.close();

        await().atMost(Duration.ofSeconds(5)).until(ended::isDone);
        assertThat(ended).isCompletedWithValue(null);
    }

    @Test
    void shutdownStopsTheServerAndRemovesTheSocketDirectory() {
        Path socket = Path.of(served.address());

        GRPCControllerGrpc.newBlockingStub(channel).shutdown(Empty.getDefaultInstance());

        await().atMost(Duration.ofSeconds(5)).until(() -> !Files.exists(socket.getParent()));
        assertThat(served.isStopped()).isTrue();
    }

    private static <T> StreamObserver<T> completing(CompletableFuture<T> first) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                first.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                first.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
            }
        };
    }
}
