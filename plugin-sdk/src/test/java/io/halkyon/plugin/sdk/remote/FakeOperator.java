package io.halkyon.plugin.sdk.remote;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.halkyon.plugin.proto.internal.mtls.PluginCertificate;
import io.halkyon.plugin.proto.internal.net.ServerListener;
import io.halkyon.plugin.proto.pluginframework.v1.PluginFrameworkServiceGrpc;
import io.halkyon.plugin.proto.pluginframework.v1.PluginStreamMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The operator's side of the registration stream, for tests: a real gRPC server on loopback that
 * records every stream's metadata and messages ({@link FakeStream}), lets the test send calls and
 * cancels, drop a stream, or refuse new ones with a status as the operator's access check would.
 */
final class FakeOperator implements AutoCloseable {

    static final Context.Key<Metadata> HEADERS = Context.key("headers");

    private final Server server;
    private final ServerListener unix;
    private final BlockingQueue<FakeStream> newStreams = new LinkedBlockingQueue<>();
    private final List<FakeStream> streams = new CopyOnWriteArrayList<>();
    private volatile Status refuseWith;

    private FakeOperator(PluginCertificate tls) throws IOException {
        this.unix = null;
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addService(ServerInterceptors.intercept(new Service(), new HeaderCapture()))
                .maxInboundMessageSize(RemotePluginConfig.DEFAULT_MAX_MESSAGE_SIZE);
        if (tls != null) {
            builder.sslContext(GrpcSslContexts.configure(SslContextBuilder.forServer(tls.privateKey(), tls.certificate())).build());
        }
        this.server = builder.build().start();
    }

    /** On a unix socket in a fresh private directory (removed by {@link #close()}). */
    private FakeOperator() throws IOException {
        this.unix = ServerListener.start(ServerListener.UNIX, Map.of(), builder -> builder
                .addService(ServerInterceptors.intercept(new Service(), new HeaderCapture())));
        this.server = unix.server();
    }

    static FakeOperator startUnix() throws IOException {
        return new FakeOperator();
    }

    static FakeOperator start() throws IOException {
        return new FakeOperator(null);
    }

    static FakeOperator startTls(PluginCertificate certificate) throws IOException {
        return new FakeOperator(certificate);
    }

    /** {@code 127.0.0.1:port}, or {@code unix:/path}. */
    String target() {
        if (unix != null) {
            return "unix:" + unix.address();
        }
        return InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getPort();
    }

    /** From now on, new streams are closed at once with {@code status} (null: accepted again). */
    void refuseWith(Status status) {
        this.refuseWith = status;
    }

    /** The next stream opened (refused ones included), waiting for it up to 20 s. */
    FakeStream nextStream() throws InterruptedException {
        FakeStream stream = newStreams.poll(20, TimeUnit.SECONDS);
        if (stream == null) {
            throw new AssertionError("no new stream within 20 s; streams so far: " + streams.size());
        }
        return stream;
    }

    /** Every stream opened so far. */
    List<FakeStream> streams() {
        return List.copyOf(streams);
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
        if (unix != null) {
            unix.release();
        }
    }

    private final class Service extends PluginFrameworkServiceGrpc.PluginFrameworkServiceImplBase {
        @Override
        public StreamObserver<PluginStreamMessage> pluginStream(StreamObserver<PluginStreamMessage> responses) {
            FakeStream stream = new FakeStream(HEADERS.get(), (ServerCallStreamObserver<PluginStreamMessage>) responses);
            streams.add(stream);
            Status refusal = refuseWith;
            if (refusal != null) {
                stream.refuse(refusal);
            }
            newStreams.add(stream);
            return stream.inbound();
        }
    }

    private static final class HeaderCapture implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                          ServerCallHandler<Q, R> next) {
            return Contexts.interceptCall(Context.current().withValue(HEADERS, headers), call, headers, next);
        }
    }

    static Duration timeout() {
        return Duration.ofSeconds(20);
    }
}
