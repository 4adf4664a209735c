package io.halkyon.plugin.sdk.remote.internal;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.halkyon.plugin.proto.internal.remote.StreamRules;
import io.halkyon.plugin.proto.pluginframework.v1.PluginFrameworkServiceGrpc;
import io.halkyon.plugin.proto.pluginframework.v1.PluginRegister;
import io.halkyon.plugin.proto.pluginframework.v1.PluginStreamMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code PluginStream} and its channel: opened with the bearer token, {@code register} sent
 * first, then the operator's calls served ({@link StreamCalls}) until the stream ends, which
 * cancels the calls in flight and closes the channel. Ends once; the {@link Listener} hears it.
 */
final class StreamSession {

    private static final Logger log = LoggerFactory.getLogger(StreamSession.class);

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    /** How long a closing plugin waits for the operator to end the stream after its half-close. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(1);

    interface Listener {
        /** {@code register} was written on the stream. */
        void registered(StreamSession session);

        /** The stream ended: {@code error} null when the operator completed it; {@code cancelled} calls were in flight. */
        void ended(StreamSession session, Throwable error, int cancelled);
    }

    private final String pluginName;
    private final int connection;
    private final ManagedChannel channel;
    private final String token;
    private final PluginRegister register;
    private final Listener listener;
    private final StreamSender sender;
    private final StreamCalls calls;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final CountDownLatch endedLatch = new CountDownLatch(1);
    private final AtomicBoolean warnedUnexpected = new AtomicBoolean();
    private volatile boolean heardFromOperator;
    private volatile long openedAt;
    private volatile boolean opened;
    private boolean closing;

    /** @param token null to send no {@code authorization} */
    StreamSession(String pluginName, int connection, ManagedChannel channel, String token, PluginRegister register,
                  CallServer server, int maxConcurrent, int maxWaiting, int maxMessageSize, Listener listener) {
        this.pluginName = pluginName;
        this.connection = connection;
        this.channel = channel;
        this.token = token;
        this.register = register;
        this.listener = listener;
        this.sender = new StreamSender(pluginName, connection);
        this.calls = new StreamCalls(pluginName, server, sender, maxConcurrent, maxWaiting, maxMessageSize);
    }

    static PluginRegister register(String name, String version, List<String> services) {
        return PluginRegister.newBuilder().setName(name).setVersion(version).addAllServices(services)
                .setExtensions(StreamRules.EXTENSIONS).build();
    }

    int connection() {
        return connection;
    }

    /** Opens the stream and queues {@code register}; does nothing once {@link #close()} began. */
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
        sender.send(PluginStreamMessage.newBuilder().setRegister(register).build(), () -> listener.registered(this));
        sender.start();
    }

    private void received(PluginStreamMessage message) {
        heardFromOperator = true;
        switch (message.getPayloadCase()) {
            case RPC_CALL -> calls.received(message.getRpcCall());
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

    /** Whether the operator accepted this stream: it sent something, or the stream lasted. */
    boolean wasAccepted(Duration stableAfter) {
        return heardFromOperator || opened && System.nanoTime() - openedAt >= stableAfter.toNanos();
    }

    private void end(Throwable error) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        sender.stop();
        int cancelled = calls.cancelAll("the stream to the operator ended");
        channel.shutdownNow();
        endedLatch.countDown();
        listener.ended(this, error, cancelled);
    }

    /**
     * Ends the stream from this side: calls in flight are cancelled, the stream half-closed and
     * the operator given a moment to end it, then the channel closed.
     */
    void close() {
        boolean wasOpened;
        synchronized (this) {
            closing = true;
            wasOpened = opened;
        }
        if (!wasOpened) {
            OperatorChannels.close(channel);
            return;
        }
        calls.cancelAll("the plugin is closing");
        sender.finish();
        try {
            endedLatch.await(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        end(null);
        OperatorChannels.close(channel);
    }
}
