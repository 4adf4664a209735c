package io.halkyon.plugin.host.remote.internal;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.halkyon.plugin.proto.pluginframework.v1.PluginFrameworkServiceGrpc;
import io.halkyon.plugin.proto.pluginframework.v1.PluginStreamMessage;
import java.net.SocketAddress;
import java.util.Locale;

/**
 * {@code pluginframework.v1.PluginFrameworkService}: each {@code PluginStream} becomes a
 * {@link Session}, given the stream's bearer token and the peer's address.
 */
public final class StreamService extends PluginFrameworkServiceGrpc.PluginFrameworkServiceImplBase {

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<String> TOKEN = Context.key("halkyon-bearer-token");
    private static final Context.Key<String> PEER = Context.key("halkyon-peer");

    private final SessionContext ctx;

    private StreamService(SessionContext ctx) {
        this.ctx = ctx;
    }

    /** The service, with the interceptor that hands each stream its token and peer. */
    public static ServerServiceDefinition definition(SessionContext ctx) {
        return ServerInterceptors.intercept(new StreamService(ctx), new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                               ServerCallHandler<Q, R> next) {
                SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
                Context context = Context.current().withValues(TOKEN, bearer(headers.get(AUTHORIZATION)),
                        PEER, remote == null ? "unknown peer" : remote.toString());
                return Contexts.interceptCall(context, call, headers, next);
            }
        });
    }

    @Override
    public StreamObserver<PluginStreamMessage> pluginStream(StreamObserver<PluginStreamMessage> responses) {
        return Session.open((ServerCallStreamObserver<PluginStreamMessage>) responses, ctx, TOKEN.get(), PEER.get());
    }

    /** The token of {@code Bearer <token>} (the scheme in any case); null when there is none. */
    static String bearer(String header) {
        if (header == null) {
            return null;
        }
        String h = header.trim();
        return h.length() > 7 && h.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ") ? h.substring(7).trim() : null;
    }
}
