package io.halkyon.plugin.sdk.remote.internal;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.halkyon.plugin.proto.capability.v1.CapabilityPluginGrpc;
import io.halkyon.plugin.proto.internal.remote.StreamRules;
import io.halkyon.plugin.proto.pluginframework.v1.PluginDrain;
import io.halkyon.plugin.proto.pluginframework.v1.PluginFrameworkServiceGrpc;
import io.halkyon.plugin.proto.pluginframework.v1.PluginRegister;
import io.halkyon.plugin.proto.pluginframework.v1.PluginStreamMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code PluginStream} and its channel: opened with the bearer token, {@code register} sent
 * first, then the operator's calls served ({@link StreamCalls}) until the stream ends, which
 * cancels the calls in flight and closes the channel. Left cleanly with {@link #drain}: {@code drain}
 * sent, the calls in flight answered (within a grace), then half-closed. Ends once; the
 * {@link Listener} hears it.
 */
final class StreamSession {

    private static final Logger log = LoggerFactory.getLogger(StreamSession.class);

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    /** How long a plugin waits for the operator to end the stream after its half-close. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(1);
    /** The one call the operator may send before it admits a stream (docs/protocol.md 14.2). */
    private static final String GET_INFO = CapabilityPluginGrpc.getGetInfoMethod().getFullMethodName();
    private static final PluginStreamMessage DRAIN = PluginStreamMessage.newBuilder()
            .setDrain(PluginDrain.getDefaultInstance()).build();

    interface Listener {
        /** {@code register} was written on the stream. */
        void registered(StreamSession session);

        /** The first call other than the Capability {@code GetInfo} came: the operator admitted the stream. */
        void accepted(StreamSession session);

        /** The stream ended: {@code error} null when the operator completed it; {@code cancelled} calls were in flight. */
        void ended(StreamSession session, Throwable error, int cancelled);
    }

    /** What the streams of one plugin share. */
    record Shared(String pluginName, PluginRegister register, CallServer server, int maxConcurrent, int maxWaiting,
                  int maxMessageSize, ScheduledExecutorService timers, Listener listener) {
    }

    private final Shared shared;
    private final String pluginName;
    private final int connection;
    private final ManagedChannel channel;
    private final String token;
    private final StreamSender sender;
    private final StreamCalls calls;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final CountDownLatch endedLatch = new CountDownLatch(1);
    private final AtomicBoolean warnedUnexpected = new AtomicBoolean();
    private final AtomicBoolean halfClosed = new AtomicBoolean();
    private volatile boolean admittedCall;
    private volatile boolean registered;
    private volatile long openedAt;
    private volatile ScheduledFuture<?> grace;
    private volatile boolean opened; // set under the lock, read by wasAccepted without
    private boolean closing;
    private boolean draining;

    /** @param token null to send no {@code authorization} */
    StreamSession(Shared shared, int connection, ManagedChannel channel, String token) {
        this.shared = shared;
        this.pluginName = shared.pluginName();
        this.connection = connection;
        this.channel = channel;
        this.token = token;
        this.sender = new StreamSender(pluginName, connection);
        this.calls = new StreamCalls(pluginName, shared.server(), sender, shared.maxConcurrent(), shared.maxWaiting(),
                shared.maxMessageSize());
    }

    static PluginRegister register(String name, String version, List<String> services) {
        return PluginRegister.newBuilder().setName(name).setVersion(version).addAllServices(services)
                .setExtensions(StreamRules.EXTENSIONS).build();
    }

    int connection() {
        return connection;
    }

    /** The token it was opened with (null: none); never logged. */
    String token() {
        return token;
    }

    boolean isRegistered() {
        return registered;
    }

    /** Opens the stream and queues {@code register}; does nothing once it is being left. */
    synchronized void open() {
        if (closing) {
            return;
        }
        openedAt = System.nanoTime();
        opened = true;
        Metadata headers = new Metadata();
        if (token != null) {
            headers.put(AUTHORIZATION, "Bearer " + token);
        }
        PluginFrameworkServiceGrpc.newStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .pluginStream(new ClientResponseObserver<PluginStreamMessage, PluginStreamMessage>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<PluginStreamMessage> stream) {
                        sender.attach(stream);
                    }

                    @Override
                    public void onNext(PluginStreamMessage message) {
                        received(message);
                    }

                    @Override
                    public void onError(Throwable error) {
                        end(error);
                    }

                    @Override
                    public void onCompleted() {
                        end(null);
                    }
                });
        sender.send(PluginStreamMessage.newBuilder().setRegister(shared.register()).build(), () -> {
            registered = true;
            shared.listener().registered(this);
        });
        sender.start();
    }

    private void received(PluginStreamMessage message) {
        switch (message.getPayloadCase()) {
            case RPC_CALL -> {
                String method = message.getRpcCall().getMethod();
                // Before the call starts: what acceptance triggers (another stream drained) comes first.
                if (!admittedCall && !GET_INFO.equals(method.startsWith("/") ? method.substring(1) : method)) {
                    admittedCall = true; // messages arrive one at a time: no race
                    shared.listener().accepted(this);
                }
                calls.received(message.getRpcCall());
            }
            case CANCEL -> calls.cancel(message.getCancel().getRequestId());
            default -> {
                // Not for a plugin to receive: ignored, said once per stream.
                if (warnedUnexpected.compareAndSet(false, true)) {
                    log.warn("remote plugin '{}': ignoring a {} message from the operator (connection {}); expected"
                            + " rpc_call or cancel", pluginName, message.getPayloadCase(), connection);
                }
            }
        }
    }

    /**
     * Whether the operator accepted this stream: it sent a call other than {@code GetInfo} (only
     * admitted streams get those), or the stream lasted {@code stableAfter}.
     */
    boolean wasAccepted(Duration stableAfter) {
        return admittedCall || opened && System.nanoTime() - openedAt >= stableAfter.toNanos();
    }

    /**
     * Leaves the stream cleanly (docs/protocol.md 14.4): sends {@code drain}, serves the calls in
     * flight and any that still arrive (sent before the operator read the drain), and half-closes
     * once all are answered, or after {@code graceTime}, cancelling those still running (not
     * answered). Returns at once; {@link #awaitEnd} waits. Once; a stream never opened is just closed.
     */
    void drain(Duration graceTime, String why) {
        boolean wasOpened;
        synchronized (this) {
            if (draining || ended.get()) {
                return;
            }
            draining = true;
            closing = true;
            wasOpened = opened;
        }
        if (!wasOpened) {
            abort();
            return;
        }
        String inFlight = calls.describe();
        log.info("remote plugin '{}': leaving connection {} ({}): drain sent; {}", pluginName, connection, why,
                inFlight.isEmpty() ? "no call in flight" : "waiting up to " + StreamFailures.seconds(graceTime)
                        + " for the answers of " + inFlight);
        sender.send(DRAIN, null);
        try {
            grace = shared.timers().schedule(() -> graceOver(graceTime), graceTime.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            graceOver(graceTime); // the plugin is closing for good: no grace left
            return;
        }
        calls.whenIdle(() -> halfClose(null));
    }

    private void graceOver(Duration graceTime) {
        if (halfClosed.get()) {
            return;
        }
        String left = calls.describe();
        int cancelled = calls.cancelAll("the drain timeout passed");
        halfClose(cancelled == 0 ? null : left + " still running after the drain timeout ("
                + StreamFailures.seconds(graceTime) + "): cancelled, not answered");
    }

    /** Half-closes after what is queued; the operator then ends the stream, or it is ended after {@link #CLOSE_WAIT}. */
    private void halfClose(String cancelled) {
        if (!halfClosed.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> timer = grace;
        if (timer != null) {
            timer.cancel(false);
        }
        // A call that raced the half-close cannot be answered any more: the operator fails it UNAVAILABLE.
        calls.cancelAll("the stream is half-closed");
        if (cancelled == null) {
            log.info("remote plugin '{}': connection {} drained: every call answered; half-closing", pluginName,
                    connection);
        } else {
            log.warn("remote plugin '{}': connection {}: {}; half-closing", pluginName, connection, cancelled);
        }
        sender.finish();
        try {
            shared.timers().schedule(() -> end(null), CLOSE_WAIT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // Closing for good: RemoteConnector.close() waits for the end, then aborts.
        }
    }

    /** Waits for the stream to end; false when it did not within {@code timeout}. */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        return endedLatch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Ends the stream at once, whatever is in flight (cancelled, not answered), and its channel. Idempotent. */
    void abort() {
        boolean wasOpened;
        synchronized (this) {
            closing = true;
            wasOpened = opened;
        }
        if (wasOpened) {
            end(null);
        } else {
            endedLatch.countDown();
        }
        OperatorChannels.close(channel);
    }

    private void end(Throwable error) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> timer = grace;
        if (timer != null) {
            timer.cancel(false);
        }
        sender.stop();
        int cancelled = calls.cancelAll("the stream to the operator ended");
        channel.shutdownNow();
        endedLatch.countDown();
        shared.listener().ended(this, error, cancelled);
    }
}
