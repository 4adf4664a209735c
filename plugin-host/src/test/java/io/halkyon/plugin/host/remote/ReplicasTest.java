package io.halkyon.plugin.host.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.host.PluginRegistry;
import io.halkyon.plugin.host.PluginState;
import io.halkyon.plugin.host.PluginStateChange;
import io.halkyon.plugin.proto.capability.v1.CapabilityPluginGrpc;
import io.halkyon.plugin.proto.capability.v1.PluginInfo;
import io.halkyon.plugin.proto.capability.v1.TypeInfo;
import io.halkyon.plugin.proto.pluginframework.v1.PluginRPCCall;
import io.halkyon.plugin.proto.pluginframework.v1.PluginRPCResponse;
import io.halkyon.plugin.proto.pluginframework.v1.PluginStreamMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Connections under one name are replicas of one plugin; Capability plugins join a registry. */
class ReplicasTest {

    private static final String CAPABILITY = CapabilityPluginGrpc.SERVICE_NAME;
    private RemotePluginServer server;
    private final List<PluginStateChange> changes = new CopyOnWriteArrayList<>();
    private final List<PluginRegistry> registries = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        server = RemotePluginServer.start(RemotePluginServerConfig.builder(RemoteAccess.tokens(
                Map.of(RemotePluginServerTest.TOKEN, RemotePluginServerTest.PLUGIN_SA)))
                .forgetAfter(Duration.ofMillis(500)).build());
        server.plugins().addStateListener(changes::add);
        server.plugins().addRegistryListener(registries::add);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static Function<PluginRPCCall, PluginStreamMessage> capability(String category, String version,
                                                                   AtomicInteger served) {
        return call -> {
            served.incrementAndGet();
            byte[] payload = call.getMethod().endsWith("/GetInfo")
                    ? PluginInfo.newBuilder().setName("pg").setVersion(version).setCategory(category)
                            .addTypes(TypeInfo.newBuilder().setType("postgres").addVersions("16")).build().toByteArray()
                    : HealthCheckResponse.newBuilder().setStatus(HealthCheckResponse.ServingStatus.SERVING).build()
                            .toByteArray();
            return PluginStreamMessage.newBuilder().setRpcResponse(PluginRPCResponse.newBuilder()
                    .setRequestId(call.getRequestId()).setPayload(com.google.protobuf.ByteString.copyFrom(payload)))
                    .build();
        };
    }

    private TestPeer replica(String category, AtomicInteger served) {
        TestPeer peer = TestPeer.connect(server.address(), RemotePluginServerTest.TOKEN)
                .answerWith(capability(category, "1.0", served));
        peer.send(TestPeer.register("pg", "1.0", 1, CAPABILITY, "grpc.health.v1.Health"));
        return peer;
    }

    private static void check(RemotePlugin plugin) {
        plugin.connection().call("Check", () -> HealthGrpc.newBlockingStub(plugin.connection().channel())
                .check(HealthCheckRequest.getDefaultInstance()));
    }

    @Test
    void aCapabilityPluginJoinsTheRegistryDescribedByItsGetInfo() {
        AtomicInteger served = new AtomicInteger();
        try (TestPeer peer = replica("database", served)) {
            await().until(() -> server.plugins().registry().find("database", "postgres").isPresent());
            Plugin plugin = server.plugins().registry().require("database", "postgres", "16");
            assertThat(plugin.name()).isEqualTo("pg");
            assertThat(server.plugins().registry().stateOf(plugin)).contains(PluginState.RUNNING);
            assertThat(server.plugins().get("pg").orElseThrow().plugin()).containsSame(plugin);
            await().until(() -> !registries.isEmpty());
        }
    }

    @Test
    void callsAreSpreadOverReplicasAndFailOverWhenOneGoes() {
        AtomicInteger a = new AtomicInteger();
        AtomicInteger b = new AtomicInteger();
        TestPeer first = replica("database", a);
        try (TestPeer second = replica("database", b)) {
            await().until(() -> server.plugins().get("pg").map(p -> p.connectionCount() == 2).orElse(false));
            RemotePlugin plugin = server.plugins().get("pg").orElseThrow();
            int beforeA = a.get();
            int beforeB = b.get();
            for (int i = 0; i < 10; i++) {
                check(plugin);
            }
            assertThat(a.get() - beforeA).isEqualTo(5);
            assertThat(b.get() - beforeB).isEqualTo(5);
            first.close();
            await().until(() -> plugin.connectionCount() == 1);
            for (int i = 0; i < 4; i++) {
                check(plugin);
            }
            assertThat(b.get() - beforeB).isEqualTo(9);
            assertThat(plugin.state()).isEqualTo(PluginState.RUNNING);
        }
    }

    @Test
    void aReplicaOfAnotherCategoryIsRefused() throws Exception {
        try (TestPeer first = replica("database", new AtomicInteger())) {
            await().until(() -> server.plugins().get("pg").map(p -> p.connectionCount() == 1).orElse(false));
            TestPeer other = replica("cache", new AtomicInteger());
            Status end = other.awaitEnd();
            other.close();
            assertThat(end.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(end.getDescription()).contains("category 'database'", "'cache'");
            assertThat(first.ended()).isFalse();
        }
    }

    @Test
    void theLastReplicaGoneLeavesItDisconnectedThenForgottenAndAReturnBringsItBack() {
        TestPeer only = replica("database", new AtomicInteger());
        await().until(() -> server.plugins().registry().find("database", "postgres").isPresent());
        Plugin plugin = server.plugins().registry().find("database", "postgres").orElseThrow();
        only.close();
        await().until(() -> server.plugins().registry().stateOf(plugin).orElse(null) == PluginState.DISCONNECTED);
        try (TestPeer back = replica("database", new AtomicInteger())) {
            await().until(() -> server.plugins().registry().stateOf(plugin).orElse(null) == PluginState.RUNNING);
            assertThat(server.plugins().registry().find("database", "postgres")).containsSame(plugin);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.plugins().list().isEmpty());
        assertThat(server.plugins().registry().plugins()).isEmpty();
        assertThat(changes).extracting(PluginStateChange::to).containsSubsequence(PluginState.RUNNING,
                PluginState.DISCONNECTED, PluginState.RUNNING, PluginState.DISCONNECTED, PluginState.STOPPED);
    }

    @Test
    void aPluginListingOtherServicesIsNotAskedForGetInfo() {
        AtomicInteger served = new AtomicInteger();
        try (TestPeer peer = TestPeer.connect(server.address(), RemotePluginServerTest.TOKEN)
                .answerWith(capability("database", "1", served))) {
            peer.send(TestPeer.register("kv", "1", 1, "grpc.health.v1.Health"));
            await().until(() -> server.plugins().get("kv").isPresent());
            assertThat(served).hasValue(0);
            assertThat(server.plugins().get("kv").orElseThrow().plugin()).isEmpty();
            assertThat(server.plugins().registry().plugins()).isEmpty();
        }
    }

    @Test
    void aDrainingReplicaGetsNoNewCallsWhileItsAnswersStillCount() throws Exception {
        TestPeer leaving = TestPeer.connect(server.address(), RemotePluginServerTest.TOKEN);
        leaving.send(TestPeer.register("kv", "1", 1, "grpc.health.v1.Health"));
        await().until(() -> server.plugins().get("kv").isPresent());
        RemotePlugin plugin = server.plugins().get("kv").orElseThrow();
        var held = java.util.concurrent.CompletableFuture.runAsync(() -> check(plugin));
        PluginRPCCall call = leaving.next(Duration.ofSeconds(10)).getRpcCall();
        AtomicInteger served = new AtomicInteger();
        try (TestPeer staying = TestPeer.connect(server.address(), RemotePluginServerTest.TOKEN)
                .answerWith(capability("unused", "1", served))) {
            staying.send(TestPeer.register("kv", "1", 1, "grpc.health.v1.Health"));
            await().until(() -> plugin.connectionCount() == 2);
            leaving.send(PluginStreamMessage.newBuilder().setDrain(
                    io.halkyon.plugin.proto.pluginframework.v1.PluginDrain.getDefaultInstance()).build());
            await().until(() -> plugin.connectionCount() == 1);
            for (int i = 0; i < 3; i++) {
                check(plugin);
            }
            assertThat(served).hasValue(3);
            leaving.send(RemotePluginServerTest.serving(call));
            held.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(leaving.ended()).as("the stream stays open until the plugin half-closes").isFalse();
            leaving.halfClose();
            assertThat(leaving.awaitEnd().getCode()).isEqualTo(Status.Code.OK);
            assertThat(plugin.state()).isEqualTo(PluginState.RUNNING);
        } finally {
            leaving.close();
        }
    }

    @Test
    void aServerStandingByRefusesRegistrationsAsUnavailableUntilItAccepts() throws Exception {
        server.standBy("this operator replica does not lead");
        try (TestPeer refused = replica("database", new AtomicInteger())) {
            Status end = refused.awaitEnd();
            assertThat(end.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(end.getDescription()).contains("does not lead");
        }
        assertThat(server.plugins().list()).isEmpty();
        server.accept();
        try (TestPeer accepted = replica("database", new AtomicInteger())) {
            await().until(() -> server.plugins().get("pg").isPresent());
        }
    }
}
