package io.halkyon.plugin.sdk.internal;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.halkyon.plugin.proto.goplugin.ConnInfo;
import io.halkyon.plugin.proto.goplugin.GRPCBrokerGrpc;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code plugin.GRPCBroker/StartStream}: a go-plugin host opens it as soon as it connects.
 * The stream is accepted and kept open; connection brokering itself is not offered (the
 * capability service needs no extra connections), so incoming {@code ConnInfo} messages are
 * logged at debug and dropped. The stream ends when the host ends it or the plugin stops.
 */
public final class BrokerService extends GRPCBrokerGrpc.GRPCBrokerImplBase {

    private static final Logger log = LoggerFactory.getLogger(BrokerService.class);

    private final String pluginName;
    private final Set<StreamObserver<ConnInfo>> open = ConcurrentHashMap.newKeySet();

    public BrokerService(String pluginName) {
        this.pluginName = pluginName;
    }

    @Override
    public StreamObserver<ConnInfo> startStream(StreamObserver<ConnInfo> responses) {
        open.add(responses);
        if (responses instanceof ServerCallStreamObserver<ConnInfo> call) {
            call.setOnCancelHandler(() -> open.remove(responses));
        }
        return new StreamObserver<>() {
            @Override
            public void onNext(ConnInfo info) {
                log.debug("plugin '{}': broker connection {} ({} {}) ignored, brokering is not supported",
                        pluginName, info.getServiceId(), info.getNetwork(), info.getAddress());
            }

            @Override
            public void onError(Throwable error) {
                open.remove(responses);
            }

            @Override
            public void onCompleted() {
                if (open.remove(responses)) {
                    completeQuietly(responses);
                }
            }
        };
    }

    /** Ends every open stream, at shutdown. */
    public void complete() {
        for (StreamObserver<ConnInfo> responses : open) {
            if (open.remove(responses)) {
                completeQuietly(responses);
            }
        }
    }

    private static void completeQuietly(StreamObserver<ConnInfo> responses) {
        try {
            synchronized (responses) {
                responses.onCompleted();
            }
        } catch (RuntimeException e) {
            // Already cancelled by the host.
        }
    }
}
