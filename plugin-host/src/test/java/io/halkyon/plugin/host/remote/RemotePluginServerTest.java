package io.halkyon.plugin.host.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.halkyon.plugin.api.PluginAccessException;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.PluginTimeoutException;
import io.halkyon.plugin.api.PluginUnavailableException;
import io.halkyon.plugin.host.PluginState;
import io.halkyon.plugin.proto.pluginframework.v1.PluginError;
import io.halkyon.plugin.proto.pluginframework.v1.PluginRPCCall;
import io.halkyon.plugin.proto.pluginframework.v1.PluginRPCResponse;
import io.halkyon.plugin.proto.pluginframework.v1.PluginStreamMessage;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server's side of the stream, against a peer driven by hand (docs/protocol.md, section 14). */
class RemotePluginServerTest {

    static final String TOKEN = "good-token";
    static final PeerIdentity PLUGIN_SA = PeerIdentity.of("system:serviceaccount:db:pg");
    private static final String HEALTH_CHECK = "/grpc.health.v1.Health/Check";

    private final AtomicBoolean allowed = new AtomicBoolean(true);
    private RemotePluginServer server;

    /** Known token, allowed while {@link #allowed}. */
    private final RemoteAccess access = new RemoteAccess() {
        private final RemoteAccess tokens = RemoteAccess.tokens(Map.of(TOKEN, PLUGIN_SA));

        @Override
        public PeerIdentity authenticate(String token) {
            return tokens.authenticate(token);
        }

        @Override
        public void authorize(PeerIdentity identity, String pluginName) {
            if (!allowed.get()) {
                throw new PluginAccessException(pluginName, PluginAccessException.Reason.PERMISSION_DENIED,
                        identity + " may not register '" + pluginName + "'");
            }
        }
    };

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private RemotePluginServer start(RemotePluginServerConfig.Builder config) {
        server = RemotePluginServer.start(config.build());
        return server;
    }

    private RemotePluginServer start() {
        return start(RemotePluginServerConfig.builder(access));
    }

    static PluginStreamMessage serving(PluginRPCCall call) {
        return PluginStreamMessage.newBuilder().setRpcResponse(PluginRPCResponse.newBuilder()
                .setRequestId(call.getRequestId())
                .setPayload(HealthCheckResponse.newBuilder().setStatus(HealthCheckResponse.ServingStatus.SERVING)
                        .build().toByteString())).build();
    }

    static PluginStreamMessage error(String id, String code, String message) {
        return PluginStreamMessage.newBuilder().setError(PluginError.newBuilder().setRequestId(id).setCode(code)
                .setMessage(message)).build();
    }

    private RemotePlugin awaitPlugin(String name, int connections) {
        await().atMost(Duration.ofSeconds(10)).until(() -> server.plugins().get(name)
                .map(p -> p.connectionCount() == connections).orElse(false));
        return server.plugins().get(name).orElseThrow();
    }

    private static HealthCheckResponse check(RemotePlugin plugin) {
        return plugin.connection().call("Check", () -> HealthGrpc.newBlockingStub(plugin.connection().channel())
                .check(HealthCheckRequest.getDefaultInstance()));
    }

    @Test
    void aStreamWithoutATokenIsRefusedUnauthenticated() throws Exception {
        start();
        try (TestPeer peer = TestPeer.connect(server.address(), null)) {
            peer.send(TestPeer.register("pg", "1", 1));
            Status end = peer.awaitEnd();
            assertThat(end.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(end.getDescription()).contains("no bearer token");
        }
        assertThat(server.plugins().list()).isEmpty();
    }

    @Test
    void aStreamWithAnUnknownTokenIsRefusedUnauthenticatedWithoutEchoingIt() throws Exception {
        start();
        try (TestPeer peer = TestPeer.connect(server.address(), "stolen-or-made-up")) {
            peer.send(TestPeer.register("pg", "1", 1));
            Status end = peer.awaitEnd();
            assertThat(end.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(end.getDescription()).doesNotContain("stolen-or-made-up");
        }
    }

    @Test
    void anIdentityWithoutThePermissionIsRefusedPermissionDeniedNamingIt() throws Exception {
        allowed.set(false);
        start();
        try (TestPeer peer = TestPeer.registered(server.address(), TOKEN, "pg")) {
            Status end = peer.awaitEnd();
            assertThat(end.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(end.getDescription()).contains("system:serviceaccount:db:pg", "'pg'");
        }
        assertThat(server.plugins().list()).isEmpty();
    }

    @Test
    void aRegisteredPluginIsCalledThroughTheStreamWithTheFullMethodNameAndATimeout() throws Exception {
        start();
        try (TestPeer peer = TestPeer.registered(server.address(), TOKEN, "pg", "grpc.health.v1.Health")) {
            RemotePlugin plugin = awaitPlugin("pg", 1);
            CompletableFuture<HealthCheckResponse> answer = CompletableFuture.supplyAsync(() -> check(plugin));
            PluginStreamMessage call = peer.next(Duration.ofSeconds(10));
            assertThat(call.getRpcCall().getMethod()).isEqualTo(HEALTH_CHECK);
            assertThat(call.getRpcCall().getTimeoutMillis()).isBetween(1L, 30_000L);
            peer.send(serving(call.getRpcCall()));
            assertThat(answer.get().getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
            assertThat(plugin.state()).isEqualTo(PluginState.RUNNING);
            assertThat(plugin.connections()).singleElement().satisfies(c -> {
                assertThat(c.identity()).isEqualTo(PLUGIN_SA);
                assertThat(c.services()).containsExactly("grpc.health.v1.Health");
            });
        }
    }

    @Test
    void anErrorCarriesItsGrpcCodeAndMessageToTheCaller() throws Exception {
        start();
        try (TestPeer peer = TestPeer.registered(server.address(), TOKEN, "pg", "grpc.health.v1.Health")) {
            RemotePlugin plugin = awaitPlugin("pg", 1);
            peer.answerWith(call -> error(call.getRequestId(), "NotFound", "no such database"));
            assertThatThrownBy(() -> check(plugin)).isInstanceOf(PluginException.class)
                    .hasMessageContaining("no such database").hasMessageContaining("NOT_FOUND");
        }
    }

    @Test
    void aCallThePluginNeverAnswersTimesOutAndIsCancelledOnThePluginsSide() throws Exception {
        start(RemotePluginServerConfig.builder(access).callTimeout(Duration.ofMillis(300)));
        try (TestPeer peer = TestPeer.registered(server.address(), TOKEN, "pg", "grpc.health.v1.Health")) {
            RemotePlugin plugin = awaitPlugin("pg", 1);
            assertThatThrownBy(() -> check(plugin)).isInstanceOf(PluginTimeoutException.class);
            PluginStreamMessage call = peer.next(Duration.ofSeconds(10));
            PluginStreamMessage cancel = peer.next(Duration.ofSeconds(10));
            assertThat(cancel.getCancel().getRequestId()).isEqualTo(call.getRpcCall().getRequestId());
            // A late answer is dropped; the stream stays and serves the next call.
            peer.send(serving(call.getRpcCall()));
            peer.answerWith(RemotePluginServerTest::serving);
            assertThat(check(plugin).getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
            assertThat(peer.ended()).isFalse();
        }
    }

    @Test
    void aDisconnectFailsTheCallInFlightAtOnceAsRetryable() throws Exception {
        start(RemotePluginServerConfig.builder(access).callTimeout(Duration.ofMinutes(1)));
        TestPeer peer = TestPeer.registered(server.address(), TOKEN, "pg", "grpc.health.v1.Health");
        RemotePlugin plugin = awaitPlugin("pg", 1);
        CompletableFuture<HealthCheckResponse> answer = CompletableFuture.supplyAsync(() -> check(plugin));
        assertThat(peer.next(Duration.ofSeconds(10)).hasRpcCall()).isTrue();
        peer.close();
        assertThatThrownBy(answer::join).hasCauseInstanceOf(PluginUnavailableException.class)
                .hasMessageContaining("connection ended");
        await().until(() -> plugin.state() == PluginState.DISCONNECTED);
        assertThatThrownBy(() -> check(plugin)).isInstanceOf(PluginUnavailableException.class)
                .hasMessageContaining("has no connection");
    }

    @Test
    void aPeerWithoutExtensionsGetsOneCallAtATimeAndItsErrorsWithoutIdGoToThatCall() throws Exception {
        start();
        try (TestPeer peer = TestPeer.connect(server.address(), TOKEN)) {
            peer.send(TestPeer.register("legacy", "0.1", 0, "grpc.health.v1.Health"));
            RemotePlugin plugin = awaitPlugin("legacy", 1);
            CompletableFuture<HealthCheckResponse> first = CompletableFuture.supplyAsync(() -> check(plugin));
            PluginStreamMessage call = peer.next(Duration.ofSeconds(10));
            CompletableFuture<HealthCheckResponse> second = CompletableFuture.supplyAsync(() -> check(plugin));
            await().until(() -> plugin.connections().get(0).callsInFlight() == 2);
            assertThat(peer.next(Duration.ofMillis(200))).as("the second call waits its turn").isNull();
            // The reference framework's error: no request id, Go's code name.
            peer.send(error("", "Unimplemented", "unknown method Check"));
            assertThatThrownBy(first::join).hasCauseInstanceOf(PluginException.class)
                    .hasMessageContaining("unknown method Check").hasMessageContaining("UNIMPLEMENTED");
            PluginStreamMessage next = peer.next(Duration.ofSeconds(10));
            assertThat(next.getRpcCall().getRequestId()).isNotEqualTo(call.getRpcCall().getRequestId());
            assertThat(next.getRpcCall().getTimeoutMillis()).isPositive();
            peer.send(serving(next.getRpcCall()));
            assertThat(second.get().getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        }
    }

    @Test
    void aRevokedPermissionEndsAnOpenStreamWithinTheReviewCacheTime() throws Exception {
        start(RemotePluginServerConfig.builder(access).reviewCacheTime(Duration.ofMillis(200)));
        try (TestPeer peer = TestPeer.registered(server.address(), TOKEN, "pg", "grpc.health.v1.Health")) {
            RemotePlugin plugin = awaitPlugin("pg", 1);
            allowed.set(false);
            Status end = peer.awaitEnd();
            assertThat(end.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            await().until(() -> plugin.state() == PluginState.DISCONNECTED);
        }
    }

    @Test
    void aCallWhoseCallersContextIsCancelledEndsAtOnceAndIsCancelledOnThePluginsSide() throws Exception {
        start();
        try (TestPeer peer = TestPeer.registered(server.address(), TOKEN, "pg", "grpc.health.v1.Health")) {
            RemotePlugin plugin = awaitPlugin("pg", 1);
            io.grpc.Context.CancellableContext context = io.grpc.Context.current().withCancellation();
            CompletableFuture<HealthCheckResponse> answer = new CompletableFuture<>();
            new Thread(context.wrap(() -> {
                try {
                    answer.complete(check(plugin));
                } catch (RuntimeException e) {
                    answer.completeExceptionally(e);
                }
            })).start();
            PluginStreamMessage call = peer.next(Duration.ofSeconds(10));
            context.cancel(null);
            assertThatThrownBy(answer::join).hasRootCauseInstanceOf(io.grpc.StatusRuntimeException.class)
                    .hasMessageContaining("context was cancelled");
            assertThat(peer.next(Duration.ofSeconds(10)).getCancel().getRequestId())
                    .isEqualTo(call.getRpcCall().getRequestId());
        }
    }
}
