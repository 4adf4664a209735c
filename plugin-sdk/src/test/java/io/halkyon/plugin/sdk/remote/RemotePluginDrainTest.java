package io.halkyon.plugin.sdk.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.halkyon.plugin.api.PluginAccessException;
import io.halkyon.plugin.proto.capability.v1.CapabilityPluginGrpc;
import io.halkyon.plugin.proto.pluginframework.v1.PluginRPCCall;
import io.halkyon.plugin.proto.pluginframework.v1.PluginStreamMessage;
import io.halkyon.plugin.sdk.it.TestPlugin;
import io.halkyon.plugin.sdk.remote.RemotePlugin.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leaving a stream cleanly ({@code drain}), at close and for a rotated token (docs/protocol.md 14.4). */
class RemotePluginDrainTest {

    private static final Duration WAIT = RemotePluginTest.WAIT;
    /** So long that only a call can make the second stream accepted. */
    private static final Duration NEVER = Duration.ofHours(1);

    @TempDir
    Path dir;

    private FakeOperator operator;
    private Path tokenFile;
    private final TestService service = new TestService();
    private final List<RemotePlugin> plugins = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        operator = FakeOperator.start();
        tokenFile = Files.writeString(dir.resolve("token"), "token-1\n");
    }

    @AfterEach
    void stop() throws Exception {
        service.gates.release(1000);
        plugins.forEach(RemotePlugin::close);
        operator.close();
    }

    /** With the token file, checked every 20 ms. */
    private RemotePluginConfig.Builder config() {
        return RemotePluginConfig.builder().name("draining").target(operator.target()).plaintext().tokenFile(tokenFile)
                .services(service).reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50))
                .tokenCheckInterval(Duration.ofMillis(20));
    }

    /** As the kubelet writes a projected token: atomically (it swaps a symlink), so no read sees half of it. */
    private void rotate(String token) throws Exception {
        Path next = Files.writeString(dir.resolve("token.next"), token + "\n");
        Files.move(next, tokenFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private RemotePlugin connect(RemotePluginConfig config) {
        RemotePlugin plugin = RemotePlugin.connect(config);
        plugins.add(plugin);
        return plugin;
    }

    private FakeStream registered(RemotePlugin plugin) throws Exception {
        FakeStream stream = operator.nextStream();
        stream.awaitRegister();
        assertThat(plugin.awaitState(State.REGISTERED, WAIT)).isTrue();
        return stream;
    }

    /** A Gate call held on {@code stream} until the test releases a permit. */
    private void holdGate(FakeStream stream, String id) {
        int before = service.gateRunning.get();
        stream.call(id, TestService.method("Gate"), id, 60_000);
        await().atMost(WAIT).until(() -> service.gateRunning.get() == before + 1);
    }

    private static void assertEcho(FakeStream stream, String id) throws Exception {
        stream.call(id, TestService.method("Echo"), id, 10_000);
        PluginStreamMessage answer = stream.next();
        assertThat(answer.getRpcResponse().getRequestId()).as("%s", answer).isEqualTo(id);
        assertThat(FakeStream.text(answer)).isEqualTo("echo:" + id);
    }

    private static boolean sentDrain(FakeStream stream) {
        return stream.all().stream().anyMatch(PluginStreamMessage::hasDrain);
    }

    @Test
    void closeSendsDrainAnswersTheCallsInFlightAndThoseThatStillArriveThenHalfCloses() throws Exception {
        RemotePlugin plugin = connect(config().build());
        FakeStream stream = registered(plugin);
        holdGate(stream, "held");

        CompletableFuture<Void> closing = CompletableFuture.runAsync(plugin::close);

        assertThat(stream.next().hasDrain()).as("drain comes first").isTrue();
        assertThat(plugin.state()).isEqualTo(State.CLOSED);
        // A call the operator sent before it read the drain: served all the same.
        assertEcho(stream, "raced");
        service.gates.release();
        PluginStreamMessage held = stream.next();
        assertThat(held.getRpcResponse().getRequestId()).as("%s", held).isEqualTo("held");
        assertThat(FakeStream.text(held)).isEqualTo("passed:held");
        assertThat(stream.awaitEnd()).isEqualTo("half-closed by the plugin");
        closing.get(20, TimeUnit.SECONDS);
        assertThat(stream.all()).hasSize(4); // register, drain, the two answers
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> operator.streams().size() == 1);
    }

    @Test
    void aCallThatOutlastsTheDrainTimeoutIsCancelledAndNotAnsweredThenTheStreamHalfCloses() throws Exception {
        RemotePlugin plugin = connect(config().drainTimeout(Duration.ofMillis(200)).build());
        FakeStream stream = registered(plugin);
        stream.call("req-stuck", TestService.method("Block"), "stuck", 60_000);
        await().atMost(WAIT).until(() -> service.blocked.contains("stuck"));

        plugin.close();

        assertThat(service.awaitCancelled("stuck")).as("its Context is cancelled").isTrue();
        assertThat(stream.awaitEnd()).isEqualTo("half-closed by the plugin");
        assertThat(stream.all()).extracting(PluginStreamMessage::getPayloadCase)
                .containsExactly(PluginStreamMessage.PayloadCase.REGISTER, PluginStreamMessage.PayloadCase.DRAIN);
    }

    @Test
    void aRotatedTokenOpensASecondStreamAndTheFirstIsLeftOnceTheSecondCarriesACall() throws Exception {
        RemotePlugin plugin = connect(config().acceptedAfter(NEVER).build());
        FakeStream first = registered(plugin);
        assertThat(first.authorization()).isEqualTo("Bearer token-1");
        holdGate(first, "held");

        rotate("token-2"); // the kubelet rotated it

        FakeStream second = operator.nextStream();
        second.awaitRegister();
        assertThat(second.authorization()).isEqualTo("Bearer token-2");
        assertThat(plugin.connections()).isEqualTo(2);
        assertThat(plugin.state()).isEqualTo(State.REGISTERED);
        assertEcho(first, "before"); // not accepted yet: the first still serves, and has not left
        assertThat(sentDrain(first)).isFalse();

        assertEcho(second, "on-second"); // the operator admitted the second: it carries a call

        assertThat(first.next().hasDrain()).isTrue();
        service.gates.release();
        PluginStreamMessage held = first.next();
        assertThat(held.getRpcResponse().getRequestId()).as("the call in flight is answered on the first")
                .isEqualTo("held");
        assertThat(first.awaitEnd()).isEqualTo("half-closed by the plugin");
        assertThat(plugin.state()).isEqualTo(State.REGISTERED);
        assertEcho(second, "after");
        assertThat(operator.streams()).hasSize(2);
        assertThat(sentDrain(second)).isFalse();
    }

    @Test
    void aSecondStreamThatStaysOpenIsTakenAsAcceptedWithoutACall() throws Exception {
        RemotePlugin plugin = connect(config().acceptedAfter(Duration.ofMillis(200)).build());
        FakeStream first = registered(plugin);

        rotate("token-2");

        FakeStream second = operator.nextStream();
        second.awaitRegister();
        assertThat(first.next().hasDrain()).isTrue();
        assertThat(first.awaitEnd()).isEqualTo("half-closed by the plugin");
        assertEcho(second, "served");
        assertThat(plugin.state()).isEqualTo(State.REGISTERED);
        assertThat(plugin.connections()).isEqualTo(2);
    }

    @Test
    void aCapabilityGetInfoOnTheSecondStreamDoesNotMakeItAcceptedForTheOperatorMayStillRefuseIt() throws Exception {
        RemotePlugin plugin = connect(RemotePluginConfig.builder().name("capability").target(operator.target())
                .plaintext().tokenFile(tokenFile).capability(new TestPlugin()).tokenCheckInterval(Duration.ofMillis(20))
                .acceptedAfter(NEVER).build());
        FakeStream first = registered(plugin);

        rotate("token-2");
        FakeStream second = operator.nextStream();
        second.awaitRegister();
        second.send(PluginStreamMessage.newBuilder().setRpcCall(PluginRPCCall.newBuilder().setRequestId("info")
                .setMethod("/" + CapabilityPluginGrpc.getGetInfoMethod().getFullMethodName())
                .setTimeoutMillis(10_000)).build());
        assertThat(second.next().getRpcResponse().getRequestId()).isEqualTo("info");

        // Had GetInfo counted, drain would have been queued on the first before this call's answer.
        first.send(PluginStreamMessage.newBuilder().setRpcCall(PluginRPCCall.newBuilder().setRequestId("still-first")
                .setMethod("/" + CapabilityPluginGrpc.getGetInfoMethod().getFullMethodName())
                .setTimeoutMillis(10_000)).build());
        assertThat(first.next().getRpcResponse().getRequestId()).isEqualTo("still-first");
        assertThat(sentDrain(first)).isFalse();
    }

    @Test
    void aRefusedNewTokenKeepsTheFirstStreamServingAndIsTriedAgainOnlyWhenTheFileChanges() throws Exception {
        RemotePlugin plugin = connect(config().acceptedAfter(NEVER).build());
        FakeStream first = registered(plugin);
        operator.refuseWith(Status.UNAUTHENTICATED.withDescription("token not valid: bad signature"));

        rotate("token-bad");

        FakeStream refused = operator.nextStream();
        assertThat(refused.authorization()).isEqualTo("Bearer token-bad");
        assertThat(refused.wasRefused()).isTrue();
        await().atMost(WAIT).until(() -> plugin.lastFailure().isPresent());
        assertThat(plugin.lastFailure().orElseThrow()).isInstanceOf(PluginAccessException.class)
                .hasMessageContaining("bad signature").hasMessageNotContaining("token-bad");
        assertThat(plugin.state()).isEqualTo(State.REGISTERED);
        assertEcho(first, "still-served");
        // Checked every 20 ms, the same refused token is not sent again.
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> operator.streams().size() == 2);
        assertThat(sentDrain(first)).isFalse();

        operator.refuseWith(null);
        rotate("token-3");
        FakeStream third = operator.nextStream();
        third.awaitRegister();
        assertThat(third.authorization()).isEqualTo("Bearer token-3");
        assertEcho(third, "accepted");
        assertThat(first.next().hasDrain()).isTrue();
        assertThat(first.awaitEnd()).isEqualTo("half-closed by the plugin");
    }

    @Test
    void whenTheFirstStreamEndsBeforeTheSecondIsAcceptedThePluginGoesOnWithTheSecond() throws Exception {
        RemotePlugin plugin = connect(config().acceptedAfter(NEVER).build());
        FakeStream first = registered(plugin);
        rotate("token-2");
        FakeStream second = operator.nextStream();
        second.awaitRegister();

        first.drop(Status.UNAUTHENTICATED.withDescription("token expired"));

        await().atMost(WAIT).until(() -> plugin.lastFailure().isPresent());
        assertThat(plugin.state()).isEqualTo(State.REGISTERED);
        assertEcho(second, "on-second");
        assertThat(operator.streams()).as("no reconnection").hasSize(2);
        assertThat(plugin.connections()).isEqualTo(2);
    }

    @Test
    void aTokenFileRewrittenWithTheSameTokenOpensNoStream() throws Exception {
        RemotePlugin plugin = connect(config().build());
        FakeStream first = registered(plugin);

        rotate("token-1"); // the same token written again

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> operator.streams().size() == 1);
        assertEcho(first, "same");
    }
}
