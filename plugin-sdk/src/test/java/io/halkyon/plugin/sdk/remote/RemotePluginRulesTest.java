package io.halkyon.plugin.sdk.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.halkyon.plugin.proto.capability.v1.CapabilityPluginGrpc;
import io.halkyon.plugin.proto.capability.v1.PluginInfo;
import io.halkyon.plugin.proto.pluginframework.v1.PluginError;
import io.halkyon.plugin.proto.pluginframework.v1.PluginRPCCall;
import io.halkyon.plugin.proto.pluginframework.v1.PluginRPCResponse;
import io.halkyon.plugin.proto.pluginframework.v1.PluginRegister;
import io.halkyon.plugin.proto.pluginframework.v1.PluginStreamMessage;
import io.halkyon.plugin.sdk.it.TestPlugin;
import io.halkyon.plugin.sdk.remote.RemotePlugin.State;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an operator sends that breaks section 14's rules, or that the plugin cannot carry back, as a
 * broken or hostile operator would send it: refused with an error or dropped, and the stream goes on.
 * And the Capability service, served over the stream.
 */
class RemotePluginRulesTest {

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

    private FakeStream registered(RemotePluginConfig.Builder config) throws Exception {
        RemotePlugin plugin = RemotePlugin.connect(config.name("rules").target(operator.target()).plaintext()
                .staticToken("t").build());
        plugins.add(plugin);
        FakeStream stream = operator.nextStream();
        stream.awaitRegister();
        assertThat(plugin.awaitState(State.REGISTERED, RemotePluginTest.WAIT)).isTrue();
        return stream;
    }

    /** The stream is still served: a fresh call is answered, and this is the next message. */
    private static void assertStillServing(FakeStream stream) throws Exception {
        stream.call("req-ok", TestService.method("Echo"), "ok", 10_000);
        PluginStreamMessage next = stream.next();
        assertThat(next.getRpcResponse().getRequestId()).as("%s", next).isEqualTo("req-ok");
        assertThat(FakeStream.text(next)).isEqualTo("echo:ok");
    }

    @Test
    void callsWithoutAUsableRequestIdAreDroppedForAnErrorWithoutItCouldBeTiedToAnotherCall() throws Exception {
        FakeStream stream = registered(RemotePluginConfig.builder().services(service));

        stream.call("", TestService.method("Echo"), "no id", 10_000);
        stream.call("r".repeat(65), TestService.method("Echo"), "long id", 10_000);
        stream.call("bad\nid", TestService.method("Echo"), "control character", 10_000);

        assertStillServing(stream);
        assertThat(stream.all()).hasSize(2); // register, and the answer to req-ok
    }

    @Test
    void aNegativeTimeoutIsAnsweredInvalidArgumentNamingTheField() throws Exception {
        FakeStream stream = registered(RemotePluginConfig.builder().services(service));

        stream.call("req-neg", TestService.method("Echo"), "x", -5);

        PluginError error = stream.next().getError();
        assertThat(error.getRequestId()).isEqualTo("req-neg");
        assertThat(error.getCode()).isEqualTo("INVALID_ARGUMENT");
        assertThat(error.getMessage()).contains("timeout_millis -5");
        assertStillServing(stream);
    }

    @Test
    void aRequestIdAlreadyInFlightIsDroppedAndTheFirstCallAnsweredOnce() throws Exception {
        FakeStream stream = registered(RemotePluginConfig.builder().services(service));

        stream.call("req-dup", TestService.method("Gate"), "first", 10_000);
        stream.call("req-dup", TestService.method("Echo"), "second", 10_000);
        assertStillServing(stream); // the Echo of the duplicate would have come first
        service.gates.release();

        PluginStreamMessage answer = stream.next();
        assertThat(answer.getRpcResponse().getRequestId()).isEqualTo("req-dup");
        assertThat(FakeStream.text(answer)).isEqualTo("passed:first");
    }

    @Test
    void messagesNotMeantForAPluginAreIgnored() throws Exception {
        FakeStream stream = registered(RemotePluginConfig.builder().services(service));

        stream.send(PluginStreamMessage.getDefaultInstance());
        stream.send(PluginStreamMessage.newBuilder().setRegister(PluginRegister.newBuilder().setName("x")).build());
        stream.send(PluginStreamMessage.newBuilder().setRpcResponse(PluginRPCResponse.newBuilder().setRequestId("a"))
                .build());
        stream.send(PluginStreamMessage.newBuilder().setError(PluginError.newBuilder().setRequestId("b")).build());
        stream.cancel("never-sent");

        assertStillServing(stream);
    }

    @Test
    void callsBeyondTheWaitingLimitAreAnsweredResourceExhausted() throws Exception {
        FakeStream stream = registered(RemotePluginConfig.builder().services(service).maxConcurrentCalls(1));
        int limit = RemotePluginConfig.MAX_WAITING_CALLS;

        stream.call("running", TestService.method("Gate"), "r", 30_000);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> service.gateRunning.get() == 1);
        for (int i = 0; i < limit; i++) {
            stream.call("waiting-" + i, TestService.method("Echo"), "w", 30_000);
        }
        stream.call("one-too-many", TestService.method("Echo"), "x", 30_000);

        PluginError error = stream.next().getError();
        assertThat(error.getRequestId()).isEqualTo("one-too-many");
        assertThat(error.getCode()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(error.getMessage()).contains("serving 1 calls with " + limit + " waiting");
        service.gates.release();
        assertThat(stream.answers(limit + 1)).allSatisfy(a -> assertThat(a.hasRpcResponse()).isTrue());
    }

    @Test
    void anOverLongMethodNameIsAnsweredUnimplementedQuotingItCut() throws Exception {
        FakeStream stream = registered(RemotePluginConfig.builder().services(service));

        stream.call("req-long", "/" + "m".repeat(10_000), "x", 10_000);

        PluginError error = stream.next().getError();
        assertThat(error.getCode()).isEqualTo("UNIMPLEMENTED");
        assertThat(error.getMessage()).contains("(cut, 10001 characters)").hasSizeLessThan(400);
    }

    @Test
    void aResponseLargerThanTheStreamCarriesIsAnsweredResourceExhaustedInstead() throws Exception {
        FakeStream stream = registered(RemotePluginConfig.builder().services(service).maxMessageSize(64 * 1024));

        stream.call("req-big", TestService.method("Big"), Integer.toString(100 * 1024), 10_000);
        stream.call("req-fits", TestService.method("Big"), Integer.toString(1024), 10_000);

        List<PluginStreamMessage> answers = stream.answers(2);
        PluginStreamMessage big = answers.stream().filter(a -> a.getError().getRequestId().equals("req-big"))
                .findFirst().orElseThrow();
        assertThat(big.getError().getCode()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(big.getError().getMessage()).contains("102400 bytes", "at most 65536");
        assertThat(answers).anySatisfy(a -> assertThat(a.getRpcResponse().getRequestId()).isEqualTo("req-fits"));
    }

    @Test
    void theCapabilityServiceIsServedAndRegisteredAndAnUnparsableRequestIsAnErrorWithItsId() throws Exception {
        RemotePlugin plugin = RemotePlugin.connect(RemotePluginConfig.builder().name("capability").target(
                operator.target()).plaintext().noToken().capability(new TestPlugin()).build());
        plugins.add(plugin);
        FakeStream stream = operator.nextStream();

        assertThat(stream.awaitRegister().getServicesList()).containsExactly(CapabilityPluginGrpc.SERVICE_NAME);
        assertThat(stream.authorization()).isNull();
        String getInfo = "/" + CapabilityPluginGrpc.getGetInfoMethod().getFullMethodName();
        stream.send(PluginStreamMessage.newBuilder().setRpcCall(PluginRPCCall.newBuilder().setRequestId("info")
                .setMethod(getInfo).setTimeoutMillis(10_000)).build());
        PluginInfo info = PluginInfo.parseFrom(stream.next().getRpcResponse().getPayload());
        assertThat(info.getCategory()).isEqualTo(new TestPlugin().category());

        stream.send(PluginStreamMessage.newBuilder().setRpcCall(PluginRPCCall.newBuilder().setRequestId("garbage")
                .setMethod("/" + CapabilityPluginGrpc.getCheckValidityMethod().getFullMethodName())
                .setPayload(ByteString.copyFrom(new byte[] {(byte) 0xff, (byte) 0xff, 0x01})).setTimeoutMillis(10_000))
                .build());
        PluginError error = stream.next().getError();
        assertThat(error.getRequestId()).isEqualTo("garbage");
        // As over a socket: grpc-java fails a request it cannot parse before any plugin code runs.
        assertThat(error.getCode()).isEqualTo("UNKNOWN");
        assertThat(error.getMessage()).isEqualTo("Application error processing RPC");
    }

    @Test
    void aCallSentWithoutDeadlineIsServedWithoutOne() throws Exception {
        FakeStream stream = registered(RemotePluginConfig.builder().services(service));

        stream.call("req-none", TestService.method("Block"), "no-deadline", 0);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> service.blocked.contains("no-deadline"));

        assertThat(service.deadlines).doesNotContainKey("no-deadline");
        stream.cancel("req-none");
        assertThat(service.awaitCancelled("no-deadline")).isTrue();
    }
}
