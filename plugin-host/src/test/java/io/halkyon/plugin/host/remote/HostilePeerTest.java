package io.halkyon.plugin.host.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.halkyon.plugin.proto.pluginframework.v1.PluginCancel;
import io.halkyon.plugin.proto.pluginframework.v1.PluginRPCCall;
import io.halkyon.plugin.proto.pluginframework.v1.PluginRPCResponse;
import io.halkyon.plugin.proto.pluginframework.v1.PluginStreamMessage;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A peer that breaks the stream's rules on purpose: each is refused with a status naming what it
 * broke, and nothing is registered (docs/protocol.md, 14.2 and 14.3).
 */
class HostilePeerTest {

    private RemotePluginServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String start(RemotePluginServerConfig.Builder config) {
        server = RemotePluginServer.start(config.build());
        return server.address();
    }

    private String start() {
        return start(config());
    }

    private static RemotePluginServerConfig.Builder config() {
        return RemotePluginServerConfig.builder(RemoteAccess.tokens(Map.of(RemotePluginServerTest.TOKEN,
                RemotePluginServerTest.PLUGIN_SA)));
    }

    private Status refusal(PluginStreamMessage... messages) throws Exception {
        try (TestPeer peer = TestPeer.connect(start(), RemotePluginServerTest.TOKEN)) {
            for (PluginStreamMessage m : messages) {
                peer.send(m);
            }
            Status end = peer.awaitEnd();
            assertThat(server.plugins().list()).isEmpty();
            return end;
        }
    }

    @Test
    void aFirstMessageOtherThanRegisterIsRefused() throws Exception {
        Status end = refusal(PluginStreamMessage.newBuilder().setRpcResponse(PluginRPCResponse.newBuilder()
                .setRequestId("1")).build());
        assertThat(end.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(end.getDescription()).contains("first message must be register", "RPC_RESPONSE");
    }

    @Test
    void aNameWithControlCharactersIsRefusedAndShownEscaped() throws Exception {
        Status end = refusal(TestPeer.register("pg\n[INFO] forged log line", "1", 1));
        assertThat(end.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(end.getDescription()).contains("register.name").doesNotContain("\n");
    }

    @Test
    void anOverlongVersionAndTooManyServicesAreRefusedNamingTheField() throws Exception {
        assertThat(refusal(TestPeer.register("pg", "1".repeat(65), 1)).getDescription()).contains("register.version");
        server.close();
        String[] services = Collections.nCopies(33, "a.B").toArray(String[]::new);
        assertThat(refusal(TestPeer.register("pg", "1", 1, services)).getDescription()).contains("register.services");
    }

    @Test
    void aPeerThatNeverRegistersIsDroppedAfterTheRegisterTimeout() throws Exception {
        try (TestPeer peer = TestPeer.connect(start(config().registerTimeout(Duration.ofMillis(300))),
                RemotePluginServerTest.TOKEN)) {
            Status end = peer.awaitEnd();
            assertThat(end.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
            assertThat(end.getDescription()).contains("no register message");
        }
    }

    @Test
    void aSecondRegisterOrACallFromThePluginEndsTheStream() throws Exception {
        for (PluginStreamMessage wrong : new PluginStreamMessage[] {TestPeer.register("other", "1", 1),
                PluginStreamMessage.newBuilder().setRpcCall(PluginRPCCall.newBuilder().setRequestId("1")
                        .setMethod("/x.Y/Z")).build(),
                PluginStreamMessage.newBuilder().setCancel(PluginCancel.newBuilder().setRequestId("1")).build()}) {
            try (TestPeer peer = TestPeer.registered(start(), RemotePluginServerTest.TOKEN, "pg", "x.Y")) {
                org.awaitility.Awaitility.await().until(() -> server.plugins().get("pg").isPresent());
                peer.send(wrong);
                Status end = peer.awaitEnd();
                assertThat(end.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(end.getDescription()).contains("may not send", wrong.getPayloadCase().toString());
            }
            server.close();
        }
    }

    @Test
    void aMessageOverTheSizeLimitEndsTheStreamWithResourceExhausted() throws Exception {
        try (TestPeer peer = TestPeer.registered(start(config().maxMessageSize(64 * 1024)),
                RemotePluginServerTest.TOKEN, "pg", "x.Y")) {
            org.awaitility.Awaitility.await().until(() -> server.plugins().get("pg").isPresent());
            peer.send(PluginStreamMessage.newBuilder().setRpcResponse(PluginRPCResponse.newBuilder()
                    .setRequestId("1").setPayload(ByteString.copyFrom(new byte[128 * 1024]))).build());
            assertThat(peer.awaitEnd().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        }
    }

    @Test
    void answersNoCallWaitsForAreDroppedAndTheStreamStays() throws Exception {
        try (TestPeer peer = TestPeer.registered(start(), RemotePluginServerTest.TOKEN, "pg", "x.Y")) {
            org.awaitility.Awaitility.await().until(() -> server.plugins().get("pg").isPresent());
            for (int i = 0; i < 100; i++) {
                peer.send(PluginStreamMessage.newBuilder().setRpcResponse(PluginRPCResponse.newBuilder()
                        .setRequestId("forged-" + i)).build());
                peer.send(RemotePluginServerTest.error("", "INTERNAL", "uncorrelated noise"));
            }
            peer.answerWith(RemotePluginServerTest::serving);
            RemotePlugin plugin = server.plugins().get("pg").orElseThrow();
            assertThat(plugin.connection().call("Check", () -> io.grpc.health.v1.HealthGrpc.newBlockingStub(
                    plugin.connection().channel()).check(io.grpc.health.v1.HealthCheckRequest.getDefaultInstance()))
                    .getStatus()).isEqualTo(io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING);
            assertThat(peer.ended()).isFalse();
        }
    }

    @Test
    void anAnswerThatIsNotTheResponseMessageAndAHugeErrorMessageFailOnlyTheirCallsBounded() throws Exception {
        try (TestPeer peer = TestPeer.registered(start(), RemotePluginServerTest.TOKEN, "pg", "grpc.health.v1.Health")) {
            org.awaitility.Awaitility.await().until(() -> server.plugins().get("pg").isPresent());
            RemotePlugin plugin = server.plugins().get("pg").orElseThrow();
            // Bytes that do not parse as a HealthCheckResponse (a truncated length-delimited field).
            peer.answerWith(call -> PluginStreamMessage.newBuilder().setRpcResponse(PluginRPCResponse.newBuilder()
                    .setRequestId(call.getRequestId()).setPayload(ByteString.copyFrom(new byte[] {0x0a, 0x7f, 0x01})))
                    .build());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> check(plugin))
                    .isInstanceOf(io.halkyon.plugin.api.PluginException.class)
                    .hasMessageContaining("is not a valid response message");

            peer.answerWith(call -> RemotePluginServerTest.error(call.getRequestId(), "INTERNAL", "x".repeat(100_000)));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> check(plugin))
                    .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(5_000));
            assertThat(peer.ended()).isFalse();
        }
    }

    private static io.grpc.health.v1.HealthCheckResponse check(RemotePlugin plugin) {
        return plugin.connection().call("Check", () -> io.grpc.health.v1.HealthGrpc.newBlockingStub(
                plugin.connection().channel()).check(io.grpc.health.v1.HealthCheckRequest.getDefaultInstance()));
    }
}
