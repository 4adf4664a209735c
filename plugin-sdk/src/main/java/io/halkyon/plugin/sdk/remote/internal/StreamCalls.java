package io.halkyon.plugin.sdk.remote.internal;

import com.google.protobuf.ByteString;
import io.grpc.Deadline;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.halkyon.plugin.proto.internal.remote.StreamRules;
import io.halkyon.plugin.proto.pluginframework.v1.PluginError;
import io.halkyon.plugin.proto.pluginframework.v1.PluginRPCCall;
import io.halkyon.plugin.proto.pluginframework.v1.PluginRPCResponse;
import io.halkyon.plugin.proto.pluginframework.v1.PluginStreamMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls of one stream: at most {@code maxConcurrent} served at once (a slot is held until
 * the answer is written, so a slow operator slows the plugin instead of piling answers up), the
 * others waiting in arrival order, and each answered exactly once, with its {@code request_id},
 * unless the operator no longer waits for it (cancelled, or past its deadline): then nothing is
 * sent, as docs/protocol.md 14.3 says.
 */
final class StreamCalls {

    private static final Logger log = LoggerFactory.getLogger(StreamCalls.class);

    /** The operator keeps this much of an error message. */
    static final int MAX_ERROR_MESSAGE = 4096;
    /** Calls named in a log line, at most. */
    private static final int DESCRIBED_CALLS = 5;

    private final String pluginName;
    private final CallServer server;
    private final StreamSender sender;
    private final int maxConcurrent;
    private final int maxWaiting;
    private final int maxMessageSize;
    private final Map<String, ForwardedCall> calls = new HashMap<>();
    private final ArrayDeque<ForwardedCall> waiting = new ArrayDeque<>();
    private int running;
    private boolean closed;
    private Runnable whenIdle;

    StreamCalls(String pluginName, CallServer server, StreamSender sender, int maxConcurrent, int maxWaiting,
                int maxMessageSize) {
        this.pluginName = pluginName;
        this.server = server;
        this.sender = sender;
        this.maxConcurrent = maxConcurrent;
        this.maxWaiting = maxWaiting;
        this.maxMessageSize = maxMessageSize;
    }

    /** An {@code rpc_call}: served now, queued, refused with an error, or (no usable id) dropped. */
    void received(PluginRPCCall call) {
        String id = call.getRequestId();
        var idProblem = StreamRules.requestIdProblem(id);
        if (idProblem.isPresent()) {
            // An error without a usable id could be tied to another call: say nothing on the stream.
            log.warn("remote plugin '{}': call to {} dropped: {}", pluginName, StreamRules.quote(call.getMethod()),
                    idProblem.get());
            return;
        }
        Status refusal = null;
        MethodDescriptor<byte[], byte[]> method = null;
        try {
            method = server.method(call.getMethod());
        } catch (StatusRuntimeException e) {
            refusal = e.getStatus();
        }
        if (refusal == null && call.getTimeoutMillis() < 0) {
            refusal = Status.INVALID_ARGUMENT.withDescription("plugin '" + pluginName + "': timeout_millis "
                    + call.getTimeoutMillis() + "; expected 0 (none) or a positive number of milliseconds");
        }
        ForwardedCall forwarded = null;
        boolean startNow = false;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (calls.containsKey(id)) {
                log.warn("remote plugin '{}': call {} dropped: its request_id is already in flight (the operator must"
                        + " not reuse one)", pluginName, StreamRules.quote(id));
                return;
            }
            if (refusal == null && running >= maxConcurrent && waiting.size() >= maxWaiting) {
                refusal = Status.RESOURCE_EXHAUSTED.withDescription("plugin '" + pluginName + "' is serving "
                        + running + " calls with " + waiting.size() + " waiting; try again later");
            }
            if (refusal == null) {
                Deadline deadline = call.getTimeoutMillis() == 0 ? null
                        : Deadline.after(call.getTimeoutMillis(), TimeUnit.MILLISECONDS);
                forwarded = new ForwardedCall(id, method, call.getPayload().toByteArray(), deadline);
                calls.put(id, forwarded);
                if (running < maxConcurrent) {
                    running++;
                    startNow = true;
                } else {
                    waiting.add(forwarded);
                }
            }
        }
        if (refusal != null) {
            log.debug("remote plugin '{}': call {} refused: {}", pluginName, id, refusal);
            sender.send(error(id, refusal), null);
        } else if (startNow) {
            forwarded.start(server.channel(), this::finished);
        }
    }

    /** A {@code cancel}: the call stops and is not answered; an unknown id (already answered) is ignored. */
    void cancel(String requestId) {
        ForwardedCall call;
        Runnable idle;
        synchronized (this) {
            call = calls.remove(requestId);
            if (call == null) {
                log.debug("remote plugin '{}': cancel of {}, not in flight", pluginName, StreamRules.quote(requestId));
                return;
            }
            if (waiting.remove(call)) {
                idle = takeIdleAction();
                call = null;
            } else {
                idle = null;
            }
        }
        if (call != null) {
            log.debug("remote plugin '{}': call {} ({}) cancelled by the operator", pluginName, requestId,
                    call.method.getFullMethodName());
            call.cancel("cancelled by the operator");
        }
        if (idle != null) {
            idle.run();
        }
    }

    /**
     * Runs {@code action} once no call is in flight or waiting and every answer is written: now if so,
     * else on the thread that ends the last one. Calls that still arrive meanwhile are served first.
     */
    void whenIdle(Runnable action) {
        Runnable now;
        synchronized (this) {
            whenIdle = action;
            now = takeIdleAction();
        }
        if (now != null) {
            now.run();
        }
    }

    /** For log lines: the calls in flight, by request id and method (the first few); empty when none. */
    synchronized String describe() {
        if (calls.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder().append(calls.size()).append(calls.size() == 1 ? " call" : " calls")
                .append(" in flight (");
        calls.values().stream().limit(DESCRIBED_CALLS).forEach(c -> text.append("request ").append(c.requestId)
                .append(" /").append(c.method.getFullMethodName()).append(", "));
        text.setLength(text.length() - 2);
        return text.append(calls.size() > DESCRIBED_CALLS ? ", ...)" : ")").toString();
    }

    // Under the lock: the idle action, taken, when the stream has nothing left to answer.
    private Runnable takeIdleAction() {
        if (whenIdle == null || running > 0 || !calls.isEmpty()) {
            return null;
        }
        Runnable action = whenIdle;
        whenIdle = null;
        return action;
    }

    /**
     * The stream ended, or is being half-closed: every call is cancelled and none answered, later
     * ones are dropped, and no idle action runs. Returns how many there were.
     */
    int cancelAll(String why) {
        List<ForwardedCall> all;
        synchronized (this) {
            closed = true;
            whenIdle = null;
            waiting.clear();
            all = new ArrayList<>(calls.values());
            calls.clear();
        }
        all.forEach(call -> call.cancel(why));
        return all.size();
    }

    private void finished(ForwardedCall call, Status status, byte[] response) {
        boolean answer;
        synchronized (this) {
            answer = calls.remove(call.requestId, call);
        }
        if (answer && status.getCode() == Status.Code.DEADLINE_EXCEEDED && call.pastDeadline()) {
            log.debug("remote plugin '{}': call {} ({}) passed its deadline; not answered: the operator no longer"
                    + " waits for it", pluginName, call.requestId, call.method.getFullMethodName());
            answer = false;
        }
        if (answer && !call.isCancelled()) {
            sender.send(answer(call, status, response), this::release);
        } else {
            release();
        }
    }

    /** A slot is free: the next waiting call starts. */
    private void release() {
        ForwardedCall next;
        Runnable idle;
        synchronized (this) {
            running--;
            next = closed ? null : waiting.poll();
            if (next != null) {
                running++;
            }
            idle = takeIdleAction();
        }
        if (next != null) {
            next.start(server.channel(), this::finished);
        }
        if (idle != null) {
            idle.run();
        }
    }

    private PluginStreamMessage answer(ForwardedCall call, Status status, byte[] response) {
        String id = call.requestId;
        if (!status.isOk()) {
            return error(id, status);
        }
        if (response == null) {
            return error(id, Status.INTERNAL.withDescription("plugin '" + pluginName + "': "
                    + call.method.getFullMethodName() + " completed without a response"));
        }
        PluginStreamMessage message = PluginStreamMessage.newBuilder().setRpcResponse(PluginRPCResponse.newBuilder()
                .setRequestId(id).setPayload(ByteString.copyFrom(response))).build();
        if (message.getSerializedSize() > maxMessageSize) {
            log.warn("remote plugin '{}': the response to {} ({}) is {} bytes, more than the {} the stream carries;"
                    + " answered RESOURCE_EXHAUSTED", pluginName, id, call.method.getFullMethodName(), response.length,
                    maxMessageSize);
            return error(id, Status.RESOURCE_EXHAUSTED.withDescription("plugin '" + pluginName + "': the response to "
                    + call.method.getFullMethodName() + " is " + response.length + " bytes; the stream carries at most "
                    + maxMessageSize));
        }
        return message;
    }

    private static PluginStreamMessage error(String requestId, Status status) {
        String message = status.getDescription() == null ? "" : status.getDescription();
        if (message.length() > MAX_ERROR_MESSAGE) {
            message = message.substring(0, MAX_ERROR_MESSAGE);
        }
        return PluginStreamMessage.newBuilder().setError(PluginError.newBuilder().setRequestId(requestId)
                .setCode(status.getCode().name()).setMessage(message)).build();
    }
}
