package io.halkyon.plugin.host.remote.internal;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.halkyon.plugin.api.PluginAccessException;
import io.halkyon.plugin.host.fetch.internal.LogText;
import io.halkyon.plugin.host.internal.FailingCall;
import io.halkyon.plugin.host.remote.PeerIdentity;
import io.halkyon.plugin.proto.internal.remote.StreamRules;
import io.halkyon.plugin.proto.pluginframework.v1.PluginError;
import io.halkyon.plugin.proto.pluginframework.v1.PluginRegister;
import io.halkyon.plugin.proto.pluginframework.v1.PluginRPCResponse;
import io.halkyon.plugin.proto.pluginframework.v1.PluginStreamMessage;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One registration stream, from its first byte to its end: the token checked before any message
 * is read, then {@code register} (within the register timeout, checked against
 * {@link StreamRules}), the name authorized, the session admitted as a replica; then the
 * answers of the calls sent through {@link #channel()}. Inbound messages are requested one at a
 * time, so nothing is read ahead of a check. Anything out of place ends the stream with a status
 * saying what (docs/protocol.md, 14.2 and 14.3).
 */
public final class Session implements StreamObserver<PluginStreamMessage> {

    private static final Logger log = LoggerFactory.getLogger(Session.class);

    private enum Phase { AUTHENTICATING, AWAITING_REGISTER, ADMITTING, ACTIVE, CLOSED }

    private final ServerCallStreamObserver<PluginStreamMessage> out;
    private final SessionContext ctx;
    private final String token;
    private final String peer;
    private final Instant since = Instant.now();
    private final AtomicReference<Status> ended = new AtomicReference<>();
    private volatile Phase phase = Phase.AUTHENTICATING;
    private volatile PeerIdentity identity;
    private volatile PluginRegister register;
    private volatile PendingCalls calls;
    private volatile boolean admitted;
    private volatile boolean draining;
    private volatile ScheduledFuture<?> timer;
    private final Channel channel = new StreamChannel();
    private long dropped;

    private Session(ServerCallStreamObserver<PluginStreamMessage> out, SessionContext ctx, String token, String peer) {
        this.out = out;
        this.ctx = ctx;
        this.token = token;
        this.peer = peer;
    }

    /**
     * Takes over a stream the service just received (call it from the service method: it turns off
     * automatic reading) and starts checking its token.
     */
    public static StreamObserver<PluginStreamMessage> open(ServerCallStreamObserver<PluginStreamMessage> out,
                                                           SessionContext ctx, String token, String peer) {
        out.disableAutoRequest();
        Session session = new Session(out, ctx, token, peer);
        out.setOnCancelHandler(() -> session.end(Status.CANCELLED.withDescription("the connection was closed")));
        session.timer = ctx.timers().schedule(() -> session.close(Status.DEADLINE_EXCEEDED.withDescription(
                        "no register message within " + ctx.config().registerTimeout())),
                ctx.config().registerTimeout().toNanos(), TimeUnit.NANOSECONDS);
        session.work(session::authenticate);
        return session;
    }

    /** The registered name (the session must have registered). */
    public String name() {
        return register.getName();
    }

    public String version() {
        return register.getVersion();
    }

    /** The services it said it serves; empty when it did not say. */
    public List<String> services() {
        return register.getServicesList();
    }

    public PeerIdentity identity() {
        return identity;
    }

    /** The peer's address, as the transport saw it. */
    public String peer() {
        return peer;
    }

    public Instant since() {
        return since;
    }

    /** Calls in flight or waiting on this stream. */
    public int load() {
        PendingCalls c = calls;
        return c == null ? 0 : c.load();
    }

    /** The stream as a channel: each unary call goes out as an {@code rpc_call}. */
    public Channel channel() {
        return channel;
    }

    /** Ends the stream with {@code status} (sent to the plugin) and fails its calls. Idempotent. */
    public void close(Status status) {
        if (!ended.compareAndSet(null, status)) {
            return;
        }
        synchronized (out) {
            try {
                if (status.isOk()) {
                    out.onCompleted();
                } else {
                    out.onError(status.asRuntimeException());
                }
            } catch (RuntimeException e) {
                // Already cancelled by the peer: nothing left to tell it.
            }
        }
        finish(status);
    }

    @Override
    public void onNext(PluginStreamMessage message) {
        switch (phase) {
            case AWAITING_REGISTER -> registered(message);
            case ADMITTING, ACTIVE -> answered(message);
            default -> {
                return;
            }
        }
        if (phase != Phase.CLOSED) {
            out.request(1);
        }
    }

    @Override
    public void onError(Throwable t) {
        end(Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
        close(Status.OK.withDescription("the plugin ended the stream"));
    }

    @Override
    public String toString() {
        PluginRegister r = register;
        return (r == null ? "unregistered stream" : "remote plugin '" + r.getName() + "'") + " from " + peer
                + (identity == null ? "" : " (" + identity + ")");
    }

    private final class StreamChannel extends Channel {
        @Override
        public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
            if (method.getType() != MethodDescriptor.MethodType.UNARY) {
                return new FailingCall<>(Status.UNIMPLEMENTED.withDescription("remote plugins carry unary calls only; "
                        + method.getFullMethodName() + " is " + method.getType()));
            }
            return new TunnelCall<>(calls, method, options, ctx.callbacks());
        }

        @Override
        public String authority() {
            return "remote-plugin";
        }
    }

    private void authenticate() {
        if (token == null || token.isEmpty()) {
            close(Status.UNAUTHENTICATED.withDescription("no bearer token: send the metadata 'authorization: Bearer "
                    + "<token>' with a ServiceAccount token"));
            return;
        }
        try {
            identity = ctx.access().authenticate(token);
        } catch (PluginAccessException e) {
            close(Status.UNAUTHENTICATED.withDescription(e.getMessage()));
            return;
        } catch (RuntimeException e) {
            close(Status.UNAVAILABLE.withDescription("the token cannot be checked now, try again later: " + e.getMessage()));
            return;
        }
        phase = Phase.AWAITING_REGISTER;
        out.request(1);
    }

    private void registered(PluginStreamMessage message) {
        if (!message.hasRegister()) {
            close(Status.INVALID_ARGUMENT.withDescription("the first message must be register, was "
                    + message.getPayloadCase()));
            return;
        }
        PluginRegister r = message.getRegister();
        var problem = StreamRules.problem(r);
        if (problem.isPresent()) {
            close(Status.INVALID_ARGUMENT.withDescription("register." + problem.get()));
            return;
        }
        timer.cancel(false);
        register = r;
        calls = new PendingCalls(r.getName(), r.getExtensions() >= StreamRules.EXTENSIONS, this::send, ctx.timers(), ctx.config().callTimeout());
        phase = Phase.ADMITTING;
        work(this::admit);
    }

    private void admit() {
        try {
            ctx.access().authorize(identity, name());
            ctx.admission().admit(this);
        } catch (PluginAccessException e) {
            close(Status.PERMISSION_DENIED.withDescription(e.getMessage()));
            return;
        } catch (StatusRuntimeException e) {
            close(e.getStatus());
            return;
        } catch (RuntimeException e) {
            close(Status.UNAVAILABLE.withDescription("the registration of '" + name() + "' cannot be checked now, "
                    + "try again later: " + e.getMessage()));
            return;
        }
        admitted = true;
        if (ended.get() != null) {
            ctx.admission().removed(this, ended.get()); // it ended while being admitted
            return;
        }
        phase = Phase.ACTIVE;
        log.info("remote plugin '{}' {} registered from {} as {}{}", name(), version(), peer, identity,
                services().isEmpty() ? "" : ", serving " + services());
        long every = ctx.config().reviewCacheTime().toNanos();
        timer = ctx.timers().scheduleWithFixedDelay(() -> work(this::recheck), every, every, TimeUnit.NANOSECONDS);
    }

    private void answered(PluginStreamMessage message) {
        switch (message.getPayloadCase()) {
            case RPC_RESPONSE -> {
                PluginRPCResponse r = message.getRpcResponse();
                if (!calls.answer(r.getRequestId(), r.getPayload().toByteArray())) {
                    dropped("an answer to request " + LogText.quote(r.getRequestId()));
                }
            }
            case ERROR -> {
                PluginError e = message.getError();
                if (!calls.fail(e.getRequestId(), ErrorCodes.status(e.getCode(), e.getMessage()))) {
                    dropped("an error" + (e.getRequestId().isEmpty() ? " without request_id"
                            : " for request " + LogText.quote(e.getRequestId())) + ": "
                            + LogText.escape(e.getCode()) + " " + LogText.escape(e.getMessage()));
                }
            }
            case DRAIN -> drain();
            case PAYLOAD_NOT_SET -> log.debug("{}: ignored a message of a kind this host does not know", this);
            default -> close(Status.INVALID_ARGUMENT.withDescription("a plugin may not send "
                    + message.getPayloadCase() + " (only rpc_response, error and drain after register)"));
        }
    }

    /** The plugin is leaving: no new call goes to it; the stream ends when it half-closes. */
    private void drain() {
        if (!draining && admitted) {
            draining = true;
            log.info("{}: draining: no new calls; {} in flight", this, load());
            ctx.admission().removed(this, Status.OK.withDescription("the plugin drained this connection"));
        }
    }

    private void dropped(String what) {
        // Late answers are normal after a deadline; a flood of them is not worth a line each.
        long n = ++dropped;
        if (Long.bitCount(n) == 1) {
            log.warn("{}: dropped {} that no call waits for (late, cancelled or unknown; {} so far)", this, what, n);
        }
    }

    private void recheck() {
        if (ended.get() != null) {
            return;
        }
        try {
            PeerIdentity now = ctx.fresh().authenticate(token);
            if (!now.username().equals(identity.username())) {
                close(Status.UNAUTHENTICATED.withDescription("the token now stands for " + now + ", not " + identity));
                return;
            }
            ctx.fresh().authorize(identity, name());
        } catch (PluginAccessException e) {
            log.warn("{}: access withdrawn, disconnecting: {}", this, e.getMessage());
            close((e.reason() == PluginAccessException.Reason.UNAUTHENTICATED ? Status.UNAUTHENTICATED
                    : Status.PERMISSION_DENIED).withDescription(e.getMessage()));
        } catch (RuntimeException e) {
            log.warn("{}: cannot check its access again now, keeping it: {}", this, e.getMessage());
        }
    }

    private void send(PluginStreamMessage message) {
        synchronized (out) {
            if (ended.get() == null) {
                try {
                    out.onNext(message);
                } catch (RuntimeException e) {
                    end(Status.UNAVAILABLE.withDescription("cannot send to the plugin: " + e.getMessage()));
                }
            }
        }
    }

    /** The peer ended the stream (or the transport did): nothing to tell it. */
    private void end(Status status) {
        if (ended.compareAndSet(null, status)) {
            finish(status);
        }
    }

    private void finish(Status status) {
        phase = Phase.CLOSED;
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
        String why = status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
        PendingCalls c = calls;
        if (c != null) {
            c.close(Status.UNAVAILABLE.withDescription(this + ": the connection ended (" + why + ")"));
        }
        if (admitted) {
            log.info("{}: disconnected: {}", this, why);
            ctx.admission().removed(this, status);
        } else {
            log.warn("{}: ended before it was registered: {}", this, why);
        }
    }

    private void work(Runnable task) {
        try {
            ctx.work().execute(task);
        } catch (RejectedExecutionException e) {
            close(Status.UNAVAILABLE.withDescription("the operator is busy or stopping, try again later"));
        }
    }
}
