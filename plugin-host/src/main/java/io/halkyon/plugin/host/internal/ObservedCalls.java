package io.halkyon.plugin.host.internal;

import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.halkyon.plugin.host.PluginCallObserver;
import io.halkyon.plugin.host.PluginCallOutcome;
import io.halkyon.plugin.proto.internal.trace.TraceParents;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a {@link CallGate} adds to each call: the trace context of the calling thread in the
 * call's metadata, and the observer's meter told of its start and end. One per gate; a meter
 * is made once per method.
 */
public final class ObservedCalls {

    /** The traceparent of the calling thread ({@link io.halkyon.plugin.host.PluginTrace}). */
    public static final Context.Key<String> TRACEPARENT = Context.key("halkyon-traceparent");

    private final String pluginName;
    private final PluginCallObserver observer;
    private final ConcurrentHashMap<MethodDescriptor<?, ?>, PluginCallObserver.Meter> meters =
            new ConcurrentHashMap<>();

    ObservedCalls(String pluginName, PluginCallObserver observer) {
        this.pluginName = pluginName;
        this.observer = observer;
    }

    /** {@code call} as it is when there is nothing to add (no observer, no trace), else wrapped. */
    <ReqT, RespT> ClientCall<ReqT, RespT> wrap(MethodDescriptor<ReqT, RespT> method, ClientCall<ReqT, RespT> call) {
        String traceparent = TRACEPARENT.get();
        if (observer == PluginCallObserver.NONE && traceparent == null) {
            return call;
        }
        return new Observed<>(call, meter(method), traceparent);
    }

    private PluginCallObserver.Meter meter(MethodDescriptor<?, ?> method) {
        if (observer == PluginCallObserver.NONE) {
            return PluginCallObserver.Meter.NONE;
        }
        PluginCallObserver.Meter meter = meters.get(method);
        return meter != null ? meter : meters.computeIfAbsent(method, m -> {
            String bare = m.getBareMethodName();
            return observer.meter(pluginName, bare == null ? m.getFullMethodName() : bare);
        });
    }

    private static final class Observed<ReqT, RespT> extends SimpleForwardingClientCall<ReqT, RespT> {
        private final PluginCallObserver.Meter meter;
        private final String traceparent;

        Observed(ClientCall<ReqT, RespT> delegate, PluginCallObserver.Meter meter, String traceparent) {
            super(delegate);
            this.meter = meter;
            this.traceparent = traceparent;
        }

        @Override
        public void start(Listener<RespT> listener, Metadata headers) {
            if (traceparent != null && !headers.containsKey(TraceParents.KEY)) {
                headers.put(TraceParents.KEY, traceparent);
            }
            long started = System.nanoTime();
            meter.started();
            try {
                super.start(new SimpleForwardingClientCallListener<>(listener) {
                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        meter.ended(CallErrors.outcome(status), System.nanoTime() - started);
                        super.onClose(status, trailers);
                    }
                }, headers);
            } catch (RuntimeException | Error e) {
                meter.ended(PluginCallOutcome.ERROR, System.nanoTime() - started);
                throw e;
            }
        }
    }
}
