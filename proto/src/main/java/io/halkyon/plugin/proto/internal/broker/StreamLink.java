package io.halkyon.plugin.proto.internal.broker;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.halkyon.plugin.proto.goplugin.ConnInfo;

/**
 * One {@code plugin.GRPCBroker/StartStream} call, from either end: sends offers (serialized:
 * grpc-java's StreamObservers are not thread-safe) and hands received ones to the broker.
 */
final class StreamLink {

    private final Broker broker;
    /** True on the host, which opened the call; false in the plugin, which serves it. */
    private final boolean caller;
    private final Object sendLock = new Object();
    private volatile StreamObserver<ConnInfo> out;
    private volatile boolean ended;
    private volatile String endReason;

    StreamLink(Broker broker, boolean caller) {
        this.broker = broker;
        this.caller = caller;
    }

    /** Sets the outgoing side; once, before the link is attached. */
    void bind(StreamObserver<ConnInfo> outgoing) {
        this.out = outgoing;
    }

    boolean caller() {
        return caller;
    }

    boolean ended() {
        return ended;
    }

    /** Why the peer or the transport ended the call; null while it runs or when we ended it. */
    String endReason() {
        return endReason;
    }

    /** @throws IllegalStateException when the stream has ended or the send fails */
    void send(ConnInfo info) {
        synchronized (sendLock) {
            if (ended || out == null) {
                throw new IllegalStateException("the broker stream has ended");
            }
            out.onNext(info);
        }
    }

    /** Ends the call from our side: the host cancels it (as go-plugin does), the plugin completes it. */
    void close() {
        synchronized (sendLock) {
            if (ended) {
                return;
            }
            ended = true;
            try {
                if (out instanceof ClientCallStreamObserver<ConnInfo> call) {
                    call.cancel("broker closed", null);
                } else if (out != null) {
                    out.onCompleted();
                }
            } catch (RuntimeException e) {
                // Already cancelled by the peer or the transport: nothing left to end.
            }
        }
    }

    /** Called when the peer or the transport ended the call. */
    void peerEnded(String reason, boolean completeOurSide) {
        synchronized (sendLock) {
            boolean first = !ended;
            if (first) {
                endReason = reason;
            }
            ended = true;
            if (first && completeOurSide && out != null) {
                try {
                    out.onCompleted();
                } catch (RuntimeException e) {
                    // The call is gone already.
                }
            }
        }
        broker.detach(this, reason);
    }

    /** The observer for what the peer sends on this call. */
    StreamObserver<ConnInfo> inbound() {
        return new StreamObserver<>() {
            @Override
            public void onNext(ConnInfo info) {
                if (!ended) {
                    broker.receive(info);
                }
            }

            @Override
            public void onError(Throwable t) {
                Status status = Status.fromThrowable(t);
                String why = status.getDescription() == null
                        ? status.getCode().toString()
                        : status.getCode() + ": " + status.getDescription();
                peerEnded(why, false);
            }

            @Override
            public void onCompleted() {
                // go-plugin's server returns (ending the call) when the host half-closes.
                peerEnded("ended by the " + broker.peer(), !caller);
            }
        };
    }
}
