package io.halkyon.plugin.sdk.internal;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.halkyon.plugin.proto.goplugin.StdioData;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * What {@code System.out} becomes after the handshake: never the real stdout (which carries
 * the protocol). While a host streams {@code GRPCStdio/StreamStdio}, each write goes to that
 * one subscriber as a {@code STDOUT} chunk; otherwise it goes to stderr, where the host
 * forwards it as plain log text. Nothing is sent twice and nothing is lost.
 */
public final class StdoutRouter extends OutputStream {

    private final PrintStream stderr;
    private StreamObserver<StdioData> subscriber;

    /** @param stderr where output goes while no host subscribes; one locked write per call */
    public StdoutRouter(PrintStream stderr) {
        this.stderr = stderr;
    }

    /** Makes {@code observer} the subscriber; false when another one is attached. */
    synchronized boolean attach(StreamObserver<StdioData> observer) {
        if (subscriber != null) {
            return false;
        }
        subscriber = observer;
        return true;
    }

    /** Forgets {@code observer} if it is the subscriber (the host cancelled the stream). */
    synchronized void detach(StreamObserver<StdioData> observer) {
        if (subscriber == observer) {
            subscriber = null;
        }
    }

    /** Ends the stream of the current subscriber, if any; later output goes to stderr. */
    synchronized void complete() {
        if (subscriber != null) {
            try {
                subscriber.onCompleted();
            } catch (RuntimeException e) {
                // The call is already gone.
            }
            subscriber = null;
        }
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return;
        }
        if (subscriber != null) {
            try {
                subscriber.onNext(StdioData.newBuilder()
                        .setChannel(StdioData.Channel.STDOUT)
                        .setData(ByteString.copyFrom(bytes, offset, length))
                        .build());
                return;
            } catch (RuntimeException e) {
                subscriber = null; // cancelled under us: fall back to stderr
            }
        }
        stderr.write(bytes, offset, length);
    }
}
