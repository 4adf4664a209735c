package io.halkyon.plugin.host.internal;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.host.PluginCallObserver;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The channel a plugin kind sees: every call goes to the channel {@code target} gives (the
 * current process's), gets the call timeout as deadline unless it has one, and fails fast with
 * {@code UNAVAILABLE} (the {@link PluginException} saying why as its cause) when there is no
 * target. Translation of failures at the edge is here too, so it is written once, and so are
 * the trace context and the observer's meters ({@link ObservedCalls}).
 */
public final class CallGate extends Channel {

    /** The channel to call now, or the reason there is none. */
    public interface Target {
        /** @return the channel, or null when {@link #unavailable()} explains why not */
        Channel channel();

        PluginException unavailable();

        /** A target made of its two answers. */
        static Target of(Supplier<Channel> channel, Supplier<PluginException> unavailable) {
            return new Target() {
                @Override
                public Channel channel() {
                    return channel.get();
                }

                @Override
                public PluginException unavailable() {
                    return unavailable.get();
                }
            };
        }
    }

    private final String pluginName;
    private final Target target;
    private final Duration callTimeout;
    private final int maxMessageSize;
    private final ObservedCalls observed;

    /** A gate whose calls carry the caller's trace context and are not observed. */
    public CallGate(String pluginName, Target target, Duration callTimeout, int maxMessageSize) {
        this(pluginName, target, callTimeout, maxMessageSize, PluginCallObserver.NONE);
    }

    /** A gate whose calls carry the caller's trace context and are reported to {@code observer}. */
    public CallGate(String pluginName, Target target, Duration callTimeout, int maxMessageSize,
                    PluginCallObserver observer) {
        this.pluginName = pluginName;
        this.target = target;
        this.callTimeout = callTimeout;
        this.maxMessageSize = maxMessageSize;
        this.observed = new ObservedCalls(pluginName, observer);
    }

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> newCall(MethodDescriptor<ReqT, RespT> method, CallOptions options) {
        Channel channel = target.channel();
        if (channel == null) {
            PluginException why = target.unavailable();
            return observed.wrap(method, new FailingCall<>(Status.UNAVAILABLE.withDescription(why.getMessage())
                    .withCause(why)));
        }
        CallOptions withDeadline = options.getDeadline() == null
                ? options.withDeadlineAfter(callTimeout.toNanos(), TimeUnit.NANOSECONDS) : options;
        return observed.wrap(method, channel.newCall(method, withDeadline));
    }

    @Override
    public String authority() {
        Channel channel = target.channel();
        return channel == null ? "plugin" : channel.authority();
    }

    public Duration callTimeout() {
        return callTimeout;
    }

    /**
     * Runs {@code rpc} (a stub call on this channel) and translates its gRPC failure; when there is
     * no target, {@link #newCall} already failed it with the reason, which comes back as it was.
     */
    public <T> T call(String what, Supplier<T> rpc) {
        try {
            return rpc.get();
        } catch (StatusRuntimeException e) {
            throw translate(what, e);
        }
    }

    /** A gRPC failure as a plugin exception; the gate's own refusal comes back as it was. */
    public PluginException translate(String what, StatusRuntimeException e) {
        if (e.getStatus().getCause() instanceof PluginException why) {
            return why;
        }
        return CallErrors.translate(pluginName, what, callTimeout, maxMessageSize, e);
    }
}
