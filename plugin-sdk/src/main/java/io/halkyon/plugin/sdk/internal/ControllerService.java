package io.halkyon.plugin.sdk.internal;

import io.grpc.stub.StreamObserver;
import io.halkyon.plugin.proto.goplugin.Empty;
import io.halkyon.plugin.proto.goplugin.GRPCControllerGrpc;

/**
 * {@code plugin.GRPCController/Shutdown}: answers first, then asks the runtime to stop
 * gracefully (on another thread, so the answer is not held back by the stop itself).
 */
public final class ControllerService extends GRPCControllerGrpc.GRPCControllerImplBase {

    private final Runnable stop;

    public ControllerService(Runnable stop) {
        this.stop = stop;
    }

    @Override
    public void shutdown(Empty request, StreamObserver<Empty> responses) {
        responses.onNext(Empty.getDefaultInstance());
        responses.onCompleted();
        stop.run();
    }
}
