package io.halkyon.plugin.sdk.internal;

import io.grpc.BindableService;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What plugin code throws from any service of a plugin set reaches the host as a status carrying
 * the message ({@link CallGuard#toStatus}: {@code INVALID_ARGUMENT} for an
 * {@link IllegalArgumentException}, {@code INTERNAL} otherwise), logged with its stack trace,
 * instead of grpc-java's bare {@code UNKNOWN}.
 */
public final class ErrorStatusInterceptor implements ServerInterceptor {

    private final CallGuard guard;

    private ErrorStatusInterceptor(String pluginName) {
        this.guard = new CallGuard(pluginName);
    }

    /**
     * Plugin code's services, each wrapped so what it throws reaches the caller as a status, and so
     * the host's trace context is {@link io.halkyon.plugin.sdk.CallContext}'s while it runs.
     */
    public static List<ServerServiceDefinition> wrap(String pluginName, List<BindableService> services) {
        ErrorStatusInterceptor errors = new ErrorStatusInterceptor(pluginName);
        // The last interceptor runs first: the trace context is in place for everything after it.
        return services.stream().map(service -> ServerInterceptors.intercept(service, errors,
                TraceContextInterceptor.INSTANCE)).toList();
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
                                                                 ServerCallHandler<ReqT, RespT> next) {
        AtomicBoolean closed = new AtomicBoolean();
        String method = call.getMethodDescriptor().getFullMethodName();
        ServerCall.Listener<ReqT> delegate;
        try {
            delegate = next.startCall(call, headers);
        } catch (RuntimeException e) {
            fail(call, closed, method, e);
            return new ServerCall.Listener<>() {
            };
        }
        return new SimpleForwardingServerCallListener<>(delegate) {
            @Override
            public void onMessage(ReqT message) {
                run(() -> super.onMessage(message));
            }

            @Override
            public void onHalfClose() {
                run(super::onHalfClose);
            }

            @Override
            public void onReady() {
                run(super::onReady);
            }

            private void run(Runnable step) {
                try {
                    step.run();
                } catch (RuntimeException e) {
                    fail(call, closed, method, e);
                }
            }
        };
    }

    private <ReqT, RespT> void fail(ServerCall<ReqT, RespT> call, AtomicBoolean closed, String method,
                                    RuntimeException e) {
        Status status = guard.toStatus(method, e);
        if (closed.compareAndSet(false, true)) {
            try {
                call.close(status, new Metadata());
            } catch (IllegalStateException alreadyClosed) {
                // The service closed it before throwing: nothing more to say.
            }
        }
    }
}
