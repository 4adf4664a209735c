package io.halkyon.plugin.host;

import io.grpc.Context;
import io.halkyon.plugin.host.internal.ObservedCalls;
import io.halkyon.plugin.proto.internal.trace.TraceParents;
import java.util.Optional;

/**
 * W3C trace context for plugin calls: while a {@link Scope} is open on a thread, every plugin call
 * that thread makes carries its {@code traceparent} in the call's gRPC metadata (key
 * {@code traceparent}, docs/protocol.md), where an SDK plugin reads it with
 * {@code io.halkyon.plugin.sdk.CallContext.traceparent()}: a trace crosses the process boundary.
 * A call whose metadata already has one (set by a client interceptor) keeps it.
 *
 * <pre>{@code
 * try (PluginTrace.Scope trace = PluginTrace.open(PluginTrace.newTraceparent())) {
 *     plugin.readyFor(capability);   // the plugin sees trace.traceparent()
 * }
 * }</pre>
 *
 * The value is a gRPC {@link Context} value: code that hands work to another thread carries it
 * with {@code Context.current().wrap(...)}. The operator opens one scope per reconciliation, with
 * a new traceparent it logs (MDC key {@code traceparent}). Calls through the remote plugins'
 * stream do not carry it: {@code pluginframework.v1} has no metadata field.
 */
public final class PluginTrace {

    /** The gRPC metadata key. */
    public static final String METADATA_KEY = TraceParents.KEY_NAME;

    private PluginTrace() {
    }

    /**
     * Opens a scope on this thread in which plugin calls carry {@code traceparent}; close it on the
     * same thread, in the reverse order of opening (try-with-resources).
     *
     * @throws IllegalArgumentException when {@code traceparent} is not a W3C traceparent
     *                                  ({@code 00-<32 hex>-<16 hex>-<2 hex>}, lower case, no all-zero id)
     */
    public static Scope open(String traceparent) {
        String valid = TraceParents.valid(traceparent);
        if (valid == null) {
            throw new IllegalArgumentException("traceparent must be a W3C trace context header"
                    + " (00-<32 hex digits>-<16 hex digits>-<2 hex digits>, lower case, ids not all zeros), was '"
                    + traceparent + "'");
        }
        Context context = Context.current().withValue(ObservedCalls.TRACEPARENT, valid);
        return new Scope(valid, context, context.attach());
    }

    /** The traceparent of the scope open on this thread, if any. */
    public static Optional<String> current() {
        return Optional.ofNullable(ObservedCalls.TRACEPARENT.get());
    }

    /** A new, sampled traceparent with a random trace id: the start of a trace. */
    public static String newTraceparent() {
        return TraceParents.random();
    }

    /** An open trace scope; {@link #close()} restores what was current before. */
    public static final class Scope implements AutoCloseable {
        private final String traceparent;
        private final Context context;
        private final Context previous;

        private Scope(String traceparent, Context context, Context previous) {
            this.traceparent = traceparent;
            this.context = context;
            this.previous = previous;
        }

        /** The traceparent plugin calls carry in this scope. */
        public String traceparent() {
            return traceparent;
        }

        @Override
        public void close() {
            context.detach(previous);
        }
    }
}
