package io.halkyon.plugin.sdk.remote;

import com.google.protobuf.ByteString;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.halkyon.plugin.proto.pluginframework.v1.PluginCancel;
import io.halkyon.plugin.proto.pluginframework.v1.PluginRPCCall;
import io.halkyon.plugin.proto.pluginframework.v1.PluginRegister;
import io.halkyon.plugin.proto.pluginframework.v1.PluginStreamMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** One stream as the fake operator sees it: what came in, and what the test sends out. */
final class FakeStream {

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final Metadata headers;
    private final ServerCallStreamObserver<PluginStreamMessage> out;
    private final BlockingQueue<PluginStreamMessage> received = new LinkedBlockingQueue<>();
    private final List<PluginStreamMessage> all = new CopyOnWriteArrayList<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile String howEnded;
    private volatile boolean refused;
    private boolean closed;

    FakeStream(Metadata headers, ServerCallStreamObserver<PluginStreamMessage> out) {
        this.headers = headers;
        this.out = out;
    }

    StreamObserver<PluginStreamMessage> inbound() {
        return new StreamObserver<>() {
            @Override
            public void onNext(PluginStreamMessage message) {
                all.add(message);
                received.add(message);
            }

            @Override
            public void onError(Throwable t) {
                ended("cancelled by the plugin: " + Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                // As the operator does: the plugin's half-close ends the stream.
                synchronized (FakeStream.this) {
                    if (!closed) {
                        closed = true;
                        out.onCompleted();
                    }
                }
                ended("half-closed by the plugin");
            }
        };
    }

    private void ended(String how) {
        if (howEnded == null) {
            howEnded = how;
        }
        ended.countDown();
    }

    /** The {@code authorization} header, or null. */
    String authorization() {
        return headers.get(AUTHORIZATION);
    }

    /** The next message from the plugin, waiting up to 20 s. */
    PluginStreamMessage next() throws InterruptedException {
        PluginStreamMessage message = received.poll(20, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("no message from the plugin within 20 s; so far " + all);
        }
        return message;
    }

    PluginRegister awaitRegister() throws InterruptedException {
        PluginStreamMessage first = next();
        if (!first.hasRegister()) {
            throw new AssertionError("first message is not register: " + first);
        }
        return first.getRegister();
    }

    /** The next {@code n} answers (rpc_response or error), in arrival order. */
    List<PluginStreamMessage> answers(int n) throws InterruptedException {
        List<PluginStreamMessage> answers = new ArrayList<>();
        while (answers.size() < n) {
            answers.add(next());
        }
        return answers;
    }

    /** Everything the plugin sent on this stream so far. */
    List<PluginStreamMessage> all() {
        return List.copyOf(all);
    }

    synchronized void send(PluginStreamMessage message) {
        out.onNext(message);
    }

    void call(String requestId, String method, String payload, long timeoutMillis) {
        send(PluginStreamMessage.newBuilder().setRpcCall(PluginRPCCall.newBuilder().setRequestId(requestId)
                .setMethod(method).setPayload(ByteString.copyFrom(payload, StandardCharsets.UTF_8))
                .setTimeoutMillis(timeoutMillis)).build());
    }

    void cancel(String requestId) {
        send(PluginStreamMessage.newBuilder().setCancel(PluginCancel.newBuilder().setRequestId(requestId)).build());
    }

    /** Closes the stream at once with {@code status}, as the operator's access check does. */
    void refuse(Status status) {
        refused = true;
        drop(status);
    }

    /** Whether the operator refused this stream as it opened. */
    boolean wasRefused() {
        return refused;
    }

    /** Ends the stream from the operator's side with {@code status}. */
    synchronized void drop(Status status) {
        if (!closed) {
            closed = true;
            out.onError(status.asRuntimeException());
        }
        ended("dropped by the operator: " + status);
    }

    /** Waits for the stream to end; says how. */
    String awaitEnd() throws InterruptedException {
        if (!ended.await(20, TimeUnit.SECONDS)) {
            throw new AssertionError("the stream did not end within 20 s");
        }
        return howEnded;
    }

    static String text(PluginStreamMessage answer) {
        return answer.getRpcResponse().getPayload().toStringUtf8();
    }
}
