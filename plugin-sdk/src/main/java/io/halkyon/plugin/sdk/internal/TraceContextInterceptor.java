package io.halkyon.plugin.sdk.internal;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.halkyon.plugin.proto.internal.trace.TraceParents;

/**
 * Makes the host's {@code traceparent} header, when it is a valid W3C trace context, the value
 * {@link io.halkyon.plugin.sdk.CallContext#traceparent()} reads while plugin code serves the call.
 * An invalid one is ignored: the header comes from the host, but plugin code should never see a
 * malformed value.
 */
public final class TraceContextInterceptor implements ServerInterceptor {

    /** The call's valid traceparent, if the host sent one. */
    public static final Context.Key<String> TRACEPARENT = Context.key("halkyon-traceparent");

    static final TraceContextInterceptor INSTANCE = new TraceContextInterceptor();

    private TraceContextInterceptor() {
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
                                                                 ServerCallHandler<ReqT, RespT> next) {
        String traceparent = TraceParents.valid(headers.get(TraceParents.KEY));
        if (traceparent == null) {
            return next.startCall(call, headers);
        }
        return Contexts.interceptCall(Context.current().withValue(TRACEPARENT, traceparent), call, headers, next);
    }
}
