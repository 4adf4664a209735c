package io.halkyon.plugin.host.remote.internal;

import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One unary call carried by a registration stream: its request goes out as an {@code rpc_call},
 * an {@code rpc_response} or {@code error} ends it. It ends exactly once, whatever comes first:
 * the answer, its deadline, its caller's cancel or the end of the stream. The listener is called
 * on the call's executor (a blocking stub's own thread), never on the stream's.
 */
final class TunnelCall<ReqT, RespT> extends ClientCall<ReqT, RespT> {

    private final PendingCalls calls;
    private final MethodDescriptor<ReqT, RespT> method;
    private final CallOptions options;
    private final Executor executor;
    /** The caller's context: its cancellation cancels the call, its deadline bounds it, as in grpc's own calls. */
    private final Context context = Context.current();
    private final Context.CancellationListener cancelled = c -> cancel("the caller's context was cancelled",
            c.cancellationCause());
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile Listener<RespT> listener;
    private byte[] request;
    /** Set by {@link PendingCalls} under its lock. */
    String id;
    boolean sent;
    volatile ScheduledFuture<?> timer;

    TunnelCall(PendingCalls calls, MethodDescriptor<ReqT, RespT> method, CallOptions options, Executor fallback) {
        this.calls = calls;
        this.method = method;
        this.options = options;
        this.executor = options.getExecutor() == null ? fallback : options.getExecutor();
    }

    String method() {
        return method.getFullMethodName();
    }

    /** The earlier of the call's and its context's deadlines; null when neither has one. */
    Deadline deadline() {
        Deadline a = options.getDeadline();
        Deadline b = context.getDeadline();
        return a == null ? b : b == null ? a : a.minimum(b);
    }

    byte[] request() {
        return request;
    }

    @Override
    public void start(Listener<RespT> listener, Metadata headers) {
        this.listener = listener;
        if (context.isCancelled()) {
            fail(Contexts.statusFromCancelled(context));
        } else {
            context.addListener(cancelled, MoreExecutors.directExecutor());
        }
    }

    @Override
    public void request(int numMessages) {
        // One response, delivered when it comes.
    }

    @Override
    public void sendMessage(ReqT message) {
        if (request != null) {
            fail(Status.INTERNAL.withDescription("a unary call sent a second request"));
            return;
        }
        try (InputStream in = method.streamRequest(message)) {
            request = in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            fail(Status.INTERNAL.withDescription("cannot serialize the request of " + method() + ": " + e).withCause(e));
        }
    }

    @Override
    public void halfClose() {
        if (done.get()) {
            return;
        }
        if (request == null) {
            fail(Status.INTERNAL.withDescription("a unary call ended without a request"));
            return;
        }
        calls.submit(this);
    }

    @Override
    public void cancel(String message, Throwable cause) {
        if (fail(Status.CANCELLED.withDescription(message == null ? "cancelled by the caller" : message)
                .withCause(cause))) {
            calls.withdraw(this);
        }
    }

    /** Ends the call with the plugin's answer; false when it had already ended. */
    boolean answer(byte[] payload) {
        RespT response;
        try {
            response = method.parseResponse(new ByteArrayInputStream(payload));
        } catch (RuntimeException e) {
            return fail(Status.INTERNAL.withDescription("the plugin's answer to " + method()
                    + " is not a valid response message: " + e.getMessage()).withCause(e));
        }
        if (!done.compareAndSet(false, true)) {
            return false;
        }
        cancelTimer();
        executor.execute(() -> {
            Listener<RespT> l = listener;
            l.onHeaders(new Metadata());
            l.onMessage(response);
            l.onClose(Status.OK, new Metadata());
        });
        return true;
    }

    /** Ends the call with this status; false when it had already ended. */
    boolean fail(Status status) {
        if (!done.compareAndSet(false, true)) {
            return false;
        }
        cancelTimer();
        executor.execute(() -> listener.onClose(status, new Metadata()));
        return true;
    }

    boolean isDone() {
        return done.get();
    }

    private void cancelTimer() {
        context.removeListener(cancelled);
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
    }
}
