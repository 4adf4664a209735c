package io.halkyon.plugin.sdk.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.halkyon.plugin.proto.pluginframework.v1.PluginRegister;
import io.halkyon.plugin.proto.pluginframework.v1.PluginStreamMessage;
import io.halkyon.plugin.sdk.remote.RemotePlugin.State;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A remote plugin against a fake operator: registration and calls on one stream. */
class RemotePluginTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    private FakeOperator operator;
    private final TestService service = new TestService();
    private final List<RemotePlugin> plugins = new ArrayList<>();

    @BeforeEach
    void startOperator() throws Exception {
        operator = FakeOperator.start();
    }

    @AfterEach
    void stop() throws Exception {
        service.gates.release(1000);
        plugins.forEach(RemotePlugin::close);
        operator.close();
    }

    private RemotePluginConfig.Builder config() {
        return RemotePluginConfig.builder().name("remote-test").version("1.2.3").target(operator.target()).plaintext()
                .staticToken("token-0").services(service).reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50));
    }

    private RemotePlugin connect(RemotePluginConfig config) {
        RemotePlugin plugin = RemotePlugin.connect(config);
        plugins.add(plugin);
        return plugin;
    }

    /** A plugin connected with {@code config}, and its stream past {@code register}. */
    private FakeStream registered(RemotePluginConfig config) throws Exception {
        RemotePlugin plugin = connect(config);
        FakeStream stream = operator.nextStream();
        stream.awaitRegister();
        assertThat(plugin.awaitState(State.REGISTERED, WAIT)).isTrue();
        return stream;
    }

    @Test
    void registersItsNameVersionServicesAndExtensionsWithTheBearerToken() throws Exception {
        RemotePlugin plugin = connect(config().build());

        FakeStream stream = operator.nextStream();
        PluginRegister register = stream.awaitRegister();

        assertThat(stream.authorization()).isEqualTo("Bearer token-0");
        assertThat(register.getName()).isEqualTo("remote-test");
        assertThat(register.getVersion()).isEqualTo("1.2.3");
        assertThat(register.getServicesList()).containsExactly(TestService.SERVICE);
        assertThat(register.getExtensions()).isEqualTo(1);
        assertThat(plugin.awaitState(State.REGISTERED, WAIT)).isTrue();
        assertThat(plugin.connections()).isEqualTo(1);
        assertThat(plugin.lastFailure()).isEmpty();
    }

    @Test
    void aCallIsServedAndAnsweredWithItsRequestId() throws Exception {
        FakeStream stream = registered(config().build());

        stream.call("req-1", TestService.method("Echo"), "hello", 10_000);

        PluginStreamMessage answer = stream.next();
        assertThat(answer.hasRpcResponse()).as("%s", answer).isTrue();
        assertThat(answer.getRpcResponse().getRequestId()).isEqualTo("req-1");
        assertThat(FakeStream.text(answer)).isEqualTo("echo:hello");
    }

    @Test
    void anUnknownOrStreamingMethodIsAnsweredUnimplementedWithItsRequestId() throws Exception {
        FakeStream stream = registered(config().build());

        stream.call("req-unknown", "/test.Remote/Nope", "x", 10_000);
        stream.call("req-stream", TestService.method("Watch"), "x", 10_000);

        PluginStreamMessage unknown = stream.next();
        assertThat(unknown.getError().getRequestId()).isEqualTo("req-unknown");
        assertThat(unknown.getError().getCode()).isEqualTo("UNIMPLEMENTED");
        assertThat(unknown.getError().getMessage()).contains("plugin 'remote-test'", "'/test.Remote/Nope'", TestService.SERVICE);
        PluginStreamMessage streaming = stream.next();
        assertThat(streaming.getError().getRequestId()).isEqualTo("req-stream");
        assertThat(streaming.getError().getCode()).isEqualTo("UNIMPLEMENTED");
        assertThat(streaming.getError().getMessage()).contains("SERVER_STREAMING", "only unary methods");
    }

    @Test
    void aServiceErrorIsAnsweredWithItsCodeNameMessageAndRequestId() throws Exception {
        FakeStream stream = registered(config().build());

        stream.call("req-bad", TestService.method("Fail"), "the size must be positive", 10_000);
        PluginStreamMessage bad = stream.next();
        stream.call("req-missing", TestService.method("Fail"), "not-found no such database", 10_000);
        PluginStreamMessage missing = stream.next();

        assertThat(bad.getError().getRequestId()).isEqualTo("req-bad");
        assertThat(bad.getError().getCode()).isEqualTo("INVALID_ARGUMENT");
        assertThat(bad.getError().getMessage()).isEqualTo("the size must be positive");
        assertThat(missing.getError().getRequestId()).isEqualTo("req-missing");
        assertThat(missing.getError().getCode()).isEqualTo("NOT_FOUND");
        assertThat(missing.getError().getMessage()).isEqualTo("no such database");
    }

    @Test
    void callsAreServedConcurrently() throws Exception {
        FakeStream stream = registered(config().build());

        // Each Barrier call answers only once all eight are inside the service at the same time.
        for (int i = 0; i < TestService.BARRIER; i++) {
            stream.call("req-" + i, TestService.method("Barrier"), "b" + i, 30_000);
        }

        List<PluginStreamMessage> answers = stream.answers(TestService.BARRIER);
        assertThat(answers).allSatisfy(a -> assertThat(a.hasRpcResponse()).as("%s", a).isTrue());
        assertThat(answers).extracting(a -> a.getRpcResponse().getRequestId() + "=" + FakeStream.text(a))
                .containsExactlyInAnyOrder("req-0=through:b0", "req-1=through:b1", "req-2=through:b2",
                        "req-3=through:b3", "req-4=through:b4", "req-5=through:b5", "req-6=through:b6",
                        "req-7=through:b7");
    }

    @Test
    void noMoreThanMaxConcurrentCallsRunAtOnceAndTheOthersWaitTheirTurn() throws Exception {
        FakeStream stream = registered(config().maxConcurrentCalls(2).build());

        for (int i = 0; i < 6; i++) {
            stream.call("gate-" + i, TestService.method("Gate"), "g" + i, 30_000);
        }
        List<PluginStreamMessage> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int remaining = 6 - i;
            await().atMost(WAIT).until(() -> service.gateRunning.get() == Math.min(2, remaining));
            service.gates.release();
            answers.add(stream.next());
        }

        assertThat(service.gateMaxRunning.get()).isEqualTo(2);
        assertThat(answers).extracting(a -> a.getRpcResponse().getRequestId())
                .containsExactlyInAnyOrder("gate-0", "gate-1", "gate-2", "gate-3", "gate-4", "gate-5");
    }

    @Test
    void manyConcurrentAnswersArriveIntactOneMessageEach() throws Exception {
        FakeStream stream = registered(config().build());
        int calls = 300;

        for (int i = 0; i < calls; i++) {
            // Every tenth answer is large, so writes are long enough to overlap if they were not serialized.
            String payload = i % 10 == 0 ? i + ":" + "p".repeat(200_000) : Integer.toString(i);
            stream.call("req-" + i, TestService.method("Echo"), payload, 30_000);
        }

        List<PluginStreamMessage> answers = stream.answers(calls);
        List<String> ids = new ArrayList<>();
        for (PluginStreamMessage answer : answers) {
            assertThat(answer.hasRpcResponse()).as("%s", answer.getPayloadCase()).isTrue();
            String id = answer.getRpcResponse().getRequestId();
            int i = Integer.parseInt(id.substring(4));
            String expected = "echo:" + (i % 10 == 0 ? i + ":" + "p".repeat(200_000) : Integer.toString(i));
            assertThat(FakeStream.text(answer)).as(id).isEqualTo(expected);
            ids.add(id);
        }
        assertThat(ids).doesNotHaveDuplicates().hasSize(calls);
    }

    @Test
    void aCallPastItsDeadlineIsCancelledAndNotAnswered() throws Exception {
        FakeStream stream = registered(config().build());

        stream.call("req-slow", TestService.method("Block"), "slow", 300);

        assertThat(service.awaitCancelled("slow")).as("the service's Context is cancelled at the deadline").isTrue();
        assertThat(service.deadlines.get("slow").timeRemaining(java.util.concurrent.TimeUnit.MILLISECONDS))
                .isLessThanOrEqualTo(0);
        assertNothingSentFor(stream, "req-slow");
    }

    @Test
    void cancelStopsABlockedCallAndNothingIsSentForIt() throws Exception {
        FakeStream stream = registered(config().build());

        stream.call("req-long", TestService.method("Block"), "long", 60_000);
        await().atMost(WAIT).until(() -> service.blocked.contains("long"));
        stream.cancel("req-long");

        assertThat(service.awaitCancelled("long")).as("the service's Context is cancelled").isTrue();
        assertNothingSentFor(stream, "req-long");
    }

    /**
     * After a call's Context was cancelled: another call is answered on the same stream, then the plugin
     * closes, which writes everything it queued before half-closing: nothing of it is for {@code id}.
     */
    private void assertNothingSentFor(FakeStream stream, String id) throws Exception {
        stream.call("req-after", TestService.method("Echo"), "after", 10_000);
        PluginStreamMessage after = stream.next();
        assertThat(after.getRpcResponse().getRequestId()).as("%s", after).isEqualTo("req-after");
        plugins.forEach(RemotePlugin::close);
        assertThat(stream.awaitEnd()).isEqualTo("half-closed by the plugin");
        assertThat(stream.all()).noneMatch(m -> m.getRpcResponse().getRequestId().equals(id)
                || m.getError().getRequestId().equals(id));
    }

    @Test
    void closeLeavesTheStreamAndStopsConnecting() throws Exception {
        RemotePlugin plugin = connect(config().build());
        FakeStream stream = operator.nextStream();
        stream.awaitRegister();

        plugin.close();

        assertThat(plugin.state()).isEqualTo(State.CLOSED);
        assertThat(stream.awaitEnd()).isEqualTo("half-closed by the plugin");
        assertThat(stream.all()).last().matches(PluginStreamMessage::hasDrain, "drain");
        // Backoff is 10..50 ms here: a plugin still connecting would have opened another stream by then.
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> operator.streams().size() == 1 && plugin.connections() == 1);
    }
}
