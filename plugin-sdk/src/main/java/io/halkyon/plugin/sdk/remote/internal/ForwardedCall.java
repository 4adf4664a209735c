package io.halkyon.plugin.sdk.remote.internal;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

/**
 * One call from the operator, served through the {@link CallServer}: started at most once,
 * cancelled at most once, and reporting its end exactly once (a call cancelled before it started
 * reports {@code CANCELLED} at once).
 */
final class ForwardedCall {

    /** How a call ended: a status, and the response when {@code OK}. */
    interface Done {
        void done(ForwardedCall call, Status status, byte[] response);
    }

    final String requestId;
    final MethodDescriptor<byte[], byte[]> method;
    private final byte[] payload;
    private final Deadline deadline;
    private ClientCall<byte[], byte[]> call;
    private volatile boolean cancelled;

    /** @param deadline null when the operator gave none */
    ForwardedCall(String requestId, MethodDescriptor<byte[], byte[]> method, byte[] payload, Deadline deadline) {
        this.requestId = requestId;
        this.method = method;
        this.payload = payload;
        this.deadline = deadline;
    }

    void start(Channel channel, Done done) {
        synchronized (this) {
            if (!cancelled) {
                CallOptions options = deadline == null ? CallOptions.DEFAULT : CallOptions.DEFAULT.withDeadline(deadline);
                call = channel.newCall(method, options);
                call.start(new ClientCall.Listener<>() {
                    private byte[] response;

                    @Override
                    public void onMessage(byte[] message) {
                        response = message;
                    }

                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        done.done(ForwardedCall.this, status, response);
                    }
                }, new Metadata());
                call.request(1);
                call.sendMessage(payload);
                call.halfClose();
                return;
            }
        }
        done.done(this, Status.CANCELLED, null);
    }

    /** Cancels the call (the service sees its {@code Context} cancelled); idempotent. */
    synchronized void cancel(String why) {
        if (cancelled) {
            return;
        }
        cancelled = true;
        if (call != null) {
            call.cancel(why, null);
        }
    }

    boolean isCancelled() {
        return cancelled;
    }

    /** Whether the operator's deadline for it has passed: the operator no longer waits for an answer. */
    boolean pastDeadline() {
        return deadline != null && deadline.isExpired();
    }
}
