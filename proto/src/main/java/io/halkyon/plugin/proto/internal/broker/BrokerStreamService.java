package io.halkyon.plugin.proto.internal.broker;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.halkyon.plugin.proto.goplugin.ConnInfo;
import io.halkyon.plugin.proto.goplugin.GRPCBrokerGrpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plugin side of {@code plugin.GRPCBroker/StartStream}: attaches the host's call to the
 * plugin's {@link Broker}.
 *
 * <p>One stream at a time. A second call while one is open is refused with
 * {@code ALREADY_EXISTS} and the first stays: a go-plugin host opens exactly one, right
 * after connecting, and replacing it would let any later caller take over the offers.
 * Once the open stream has ended, a new call may attach (offers held from the old one
 * stay valid until they expire; our servers keep running). After the broker is closed,
 * calls are refused with {@code UNAVAILABLE}.
 */
public final class BrokerStreamService extends GRPCBrokerGrpc.GRPCBrokerImplBase {

    private static final Logger log = LoggerFactory.getLogger(BrokerStreamService.class);
    private final Broker broker;

    public BrokerStreamService(Broker broker) {
        this.broker = broker;
    }

    @Override
    public StreamObserver<ConnInfo> startStream(StreamObserver<ConnInfo> responseObserver) {
        StreamLink stream = new StreamLink(broker, false);
        stream.bind(responseObserver);
        if (responseObserver instanceof ServerCallStreamObserver<ConnInfo> call) {
            // Also keeps onNext after a cancel from throwing at us.
            call.setOnCancelHandler(() -> stream.peerEnded("cancelled by the " + broker.peer(), false));
        }
        Broker.Attach result = broker.attach(stream);
        if (result == Broker.Attach.ATTACHED) {
            log.debug("plugin '{}': broker: the {} opened the broker stream", broker.pluginName(), broker.peer());
            return stream.inbound();
        }
        if (result == Broker.Attach.ENDED) { // cancelled before it could be attached
            return stream.inbound();
        }
        Status refusal = result == Broker.Attach.CLOSED
                ? Status.UNAVAILABLE.withDescription("broker closed")
                : Status.ALREADY_EXISTS.withDescription("a broker stream is already open");
        log.warn("plugin '{}': broker: refused another broker stream from the {}: {}", broker.pluginName(),
                broker.peer(), refusal.getDescription());
        responseObserver.onError(refusal.asRuntimeException());
        return new StreamObserver<>() {
            @Override
            public void onNext(ConnInfo ignored) {
            }

            @Override
            public void onError(Throwable ignored) {
            }

            @Override
            public void onCompleted() {
            }
        };
    }
}
