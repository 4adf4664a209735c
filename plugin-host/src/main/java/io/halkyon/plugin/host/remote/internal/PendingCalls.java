package io.halkyon.plugin.host.remote.internal;

import com.google.protobuf.ByteString;
import io.grpc.Deadline;
import io.grpc.Status;
import io.halkyon.plugin.host.internal.Durations;
import io.halkyon.plugin.proto.pluginframework.v1.PluginCancel;
import io.halkyon.plugin.proto.pluginframework.v1.PluginRPCCall;
import io.halkyon.plugin.proto.pluginframework.v1.PluginStreamMessage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The calls of one registration stream: ids, deadlines, answers, cancels, and the end of the
 * stream. A peer without extensions gets one call at a time (the others wait their turn, within
 * their deadlines), so that an error without a request id always has its call; with extensions,
 * calls go out at once and a call that ends early is cancelled on the plugin's side too.
 */
final class PendingCalls {

    private final String pluginName;
    private final boolean extensions;
    private final Consumer<PluginStreamMessage> sender;
    private final ScheduledExecutorService timers;
    private final Duration defaultTimeout;
    private final Map<String, TunnelCall<?, ?>> inFlight = new HashMap<>();
    private final ArrayDeque<TunnelCall<?, ?>> waiting = new ArrayDeque<>();
    private long nextId;
    private Status closed;

    /** @param sender sends one message on the stream (serialized by the caller) */
    PendingCalls(String pluginName, boolean extensions, Consumer<PluginStreamMessage> sender,
                 ScheduledExecutorService timers, Duration defaultTimeout) {
        this.pluginName = pluginName;
        this.extensions = extensions;
        this.sender = sender;
        this.timers = timers;
        this.defaultTimeout = defaultTimeout;
    }

    /** A call whose request is complete: sent now, or queued behind the one in flight. */
    void submit(TunnelCall<?, ?> call) {
        Status refused;
        synchronized (this) {
            refused = closed;
            if (refused == null) {
                Deadline deadline = call.deadline();
                long nanos = deadline == null ? defaultTimeout.toNanos() : deadline.timeRemaining(TimeUnit.NANOSECONDS);
                if (nanos <= 0) {
                    refused = Status.DEADLINE_EXCEEDED.withDescription("the deadline of " + call.method()
                            + " had passed before it was sent");
                } else {
                    call.id = Long.toString(++nextId);
                    Duration timeout = Duration.ofNanos(nanos);
                    call.timer = timers.schedule(() -> expired(call, timeout), nanos, TimeUnit.NANOSECONDS);
                    if (!extensions && !inFlight.isEmpty()) {
                        waiting.add(call);
                    } else {
                        send(call);
                    }
                }
            }
        }
        if (refused != null) {
            call.fail(refused);
        }
    }

    /** The answer to {@code id}; false when no call waits for it (late, cancelled, or never sent). */
    boolean answer(String id, byte[] payload) {
        TunnelCall<?, ?> call = take(id);
        return call != null && call.answer(payload);
    }

    /**
     * The error of {@code id}; without an id, from a peer without extensions (which sends one at a
     * time), of the one call in flight. A peer with extensions promised ids: an error without one
     * is no call's.
     */
    boolean fail(String id, Status status) {
        TunnelCall<?, ?> call;
        if (id.isEmpty()) {
            synchronized (this) {
                if (extensions || inFlight.size() != 1) {
                    return false;
                }
                id = inFlight.keySet().iterator().next();
            }
        }
        call = take(id);
        return call != null && call.fail(status);
    }

    /**
     * The caller gave up on {@code call} (it has already failed). With extensions the plugin is told
     * to cancel it; without, it keeps its turn until the plugin answers it (the answer is dropped),
     * so that an error without an id still has exactly one call it can be about.
     */
    void withdraw(TunnelCall<?, ?> call) {
        synchronized (this) {
            if (waiting.remove(call) || call.id == null || !extensions || inFlight.remove(call.id) != call) {
                return;
            }
            if (closed == null) {
                sender.accept(PluginStreamMessage.newBuilder()
                        .setCancel(PluginCancel.newBuilder().setRequestId(call.id)).build());
            }
        }
    }

    /** Calls sent and not answered, plus those waiting their turn: what balancing compares. */
    synchronized int load() {
        return inFlight.size() + waiting.size();
    }

    /** The stream ended: every call fails with {@code status}, and later ones at once. */
    void close(Status status) {
        List<TunnelCall<?, ?>> failed;
        synchronized (this) {
            if (closed != null) {
                return;
            }
            closed = status;
            failed = new ArrayList<>(inFlight.values());
            failed.addAll(waiting);
            inFlight.clear();
            waiting.clear();
        }
        failed.forEach(c -> c.fail(status));
    }

    private TunnelCall<?, ?> take(String id) {
        synchronized (this) {
            TunnelCall<?, ?> call = inFlight.remove(id);
            if (call != null) {
                sendNext();
            }
            return call;
        }
    }

    private void expired(TunnelCall<?, ?> call, Duration timeout) {
        if (call.fail(Status.DEADLINE_EXCEEDED.withDescription("plugin '" + pluginName + "' did not answer "
                + call.method() + " within " + Durations.format(timeout)))) {
            withdraw(call);
        }
    }

    // Under the lock.
    private void sendNext() {
        while (closed == null && inFlight.isEmpty() && !waiting.isEmpty()) {
            TunnelCall<?, ?> next = waiting.poll();
            if (!next.isDone()) {
                send(next);
            }
        }
    }

    // Under the lock: the stream's order is the order of ids.
    private void send(TunnelCall<?, ?> call) {
        inFlight.put(call.id, call);
        call.sent = true;
        Deadline deadline = call.deadline();
        long millis = deadline == null ? defaultTimeout.toMillis()
                : Math.max(1, deadline.timeRemaining(TimeUnit.MILLISECONDS));
        sender.accept(PluginStreamMessage.newBuilder().setRpcCall(PluginRPCCall.newBuilder()
                .setRequestId(call.id)
                .setMethod("/" + call.method())
                .setPayload(ByteString.copyFrom(call.request()))
                .setTimeoutMillis(millis)).build());
    }
}
