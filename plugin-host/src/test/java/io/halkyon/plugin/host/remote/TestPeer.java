package io.halkyon.plugin.host.remote;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.halkyon.plugin.proto.pluginframework.v1.PluginFrameworkServiceGrpc;
import io.halkyon.plugin.proto.pluginframework.v1.PluginRPCCall;
import io.halkyon.plugin.proto.pluginframework.v1.PluginRegister;
import io.halkyon.plugin.proto.pluginframework.v1.PluginStreamMessage;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A remote plugin driven by hand from a test: it sends what the test says (good or hostile) and
 * records what the server sends, or answers calls by itself with {@link #answerWith}.
 */
final class TestPeer implements AutoCloseable {

    private final ManagedChannel channel;
    private final StreamObserver<PluginStreamMessage> out;
    private final BlockingQueue<PluginStreamMessage> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Status> end = new CompletableFuture<>();
    private volatile Function<PluginRPCCall, PluginStreamMessage> auto;

    private TestPeer(String address, String token, int maxMessageSize) {
        channel = NettyChannelBuilder.forTarget(address).usePlaintext().maxInboundMessageSize(maxMessageSize).build();
        Metadata headers = new Metadata();
        if (token != null) {
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        }
        out = PluginFrameworkServiceGrpc.newStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .pluginStream(new StreamObserver<>() {
                    @Override
                    public void onNext(PluginStreamMessage m) {
                        Function<PluginRPCCall, PluginStreamMessage> a = auto;
                        if (a != null && m.hasRpcCall()) {
                            PluginStreamMessage answer = a.apply(m.getRpcCall());
                            if (answer != null) {
                                send(answer);
                            }
                        } else {
                            received.add(m);
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        end.complete(Status.fromThrowable(t));
                    }

                    @Override
                    public void onCompleted() {
                        end.complete(Status.OK);
                    }
                });
    }

    static TestPeer connect(String address, String token) {
        return new TestPeer(address, token, 64 << 20);
    }

    /** Connects and registers with extensions 1 and these services. */
    static TestPeer registered(String address, String token, String name, String... services) {
        TestPeer peer = connect(address, token);
        peer.send(register(name, "1.0", 1, services));
        return peer;
    }

    static PluginStreamMessage register(String name, String version, int extensions, String... services) {
        return PluginStreamMessage.newBuilder().setRegister(PluginRegister.newBuilder().setName(name)
                .setVersion(version).setExtensions(extensions).addAllServices(java.util.List.of(services))).build();
    }

    synchronized void send(PluginStreamMessage message) {
        out.onNext(message);
    }

    /** Half-closes the stream: the plugin sends nothing more. */
    synchronized void halfClose() {
        out.onCompleted();
    }

    /** Answers every call from now on with {@code answer} (null: no answer). */
    TestPeer answerWith(Function<PluginRPCCall, PluginStreamMessage> answer) {
        this.auto = answer;
        return this;
    }

    /** The next message the server sent, waiting up to {@code timeout}; null when none came. */
    PluginStreamMessage next(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How the server ended the stream, waiting up to 10 s. */
    Status awaitEnd() throws Exception {
        return end.get(10, TimeUnit.SECONDS);
    }

    boolean ended() {
        return end.isDone();
    }

    @Override
    public void close() {
        if (!end.isDone()) {
            try {
                out.onError(Status.CANCELLED.withDescription("test peer closed").asRuntimeException());
            } catch (RuntimeException e) {
                // already closed
            }
        }
        channel.shutdownNow();
    }
}
