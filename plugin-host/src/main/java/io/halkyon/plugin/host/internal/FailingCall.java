package io.halkyon.plugin.host.internal;

import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;

/** A call that fails at once with a status: what a channel gives while its plugin is not running. */
public final class FailingCall<ReqT, RespT> extends ClientCall<ReqT, RespT> {

    private final Status status;

    public FailingCall(Status status) {
        this.status = status;
    }

    @Override
    public void start(Listener<RespT> listener, Metadata headers) {
        listener.onClose(status, new Metadata());
    }

    @Override
    public void request(int numMessages) {
    }

    @Override
    public void cancel(String message, Throwable cause) {
    }

    @Override
    public void halfClose() {
    }

    @Override
    public void sendMessage(ReqT message) {
    }
}
