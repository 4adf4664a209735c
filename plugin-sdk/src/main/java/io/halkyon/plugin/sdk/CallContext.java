package io.halkyon.plugin.sdk;

import io.halkyon.plugin.sdk.internal.TraceContextInterceptor;
import java.util.Optional;

/**
 * What plugin code can know about the host's call it is serving, read on the thread running it
 * (a {@code PluginResource} method, or a method of a gRPC service served with the SDK).
 */
public final class CallContext {

    private CallContext() {
    }

    /**
     * The W3C trace context the host sent with this call (gRPC metadata key {@code traceparent},
     * docs/protocol.md): {@code 00-<trace-id>-<parent-id>-<flags>}, so the plugin's own spans or
     * log lines can join the host's trace. Empty outside a call, when the host sent none, or when
     * what it sent is not a valid traceparent (it is then ignored). A later version of the header
     * is given in its version-00 form.
     */
    public static Optional<String> traceparent() {
        return Optional.ofNullable(TraceContextInterceptor.TRACEPARENT.get());
    }
}
