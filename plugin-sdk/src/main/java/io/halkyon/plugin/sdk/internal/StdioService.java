package io.halkyon.plugin.sdk.internal;

import com.google.protobuf.Empty;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.halkyon.plugin.proto.goplugin.GRPCStdioGrpc;
import io.halkyon.plugin.proto.goplugin.StdioData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code plugin.GRPCStdio/StreamStdio}: one subscriber at a time receives what plugin code
 * writes to {@code System.out} (see {@link StdoutRouter}); a second concurrent call gets
 * {@code FAILED_PRECONDITION}. The stream ends when the plugin stops. {@code System.err}
 * is not mirrored: it is the log channel the host already reads from the process.
 */
public final class StdioService extends GRPCStdioGrpc.GRPCStdioImplBase {

    private static final Logger log = LoggerFactory.getLogger(StdioService.class);

    private final String pluginName;
    private final StdoutRouter router;

    public StdioService(String pluginName, StdoutRouter router) {
        this.pluginName = pluginName;
        this.router = router;
    }

    @Override
    public void streamStdio(Empty request, StreamObserver<StdioData> responses) {
        if (!router.attach(responses)) {
            responses.onError(Status.FAILED_PRECONDITION
                    .withDescription("stdio is already streamed to another subscriber")
                    .asRuntimeException());
            return;
        }
        if (responses instanceof ServerCallStreamObserver<StdioData> call) {
            call.setOnCancelHandler(() -> {
                router.detach(responses);
                log.info("plugin '{}': the host closed GRPCStdio, System.out goes to stderr again", pluginName);
            });
        }
        log.info("plugin '{}': System.out is now streamed to the host over GRPCStdio", pluginName);
    }

    /** Ends the open stream, at shutdown. */
    public void complete() {
        router.complete();
    }
}
