package io.halkyon.plugin.host.internal;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.concurrent.TimeUnit;

/** Dials the address a plugin printed: a unix socket (netty epoll domain socket) or TCP. */
public final class Channels {

    private Channels() {
    }

    public static ManagedChannel open(Handshake handshake, int maxMessageSize) {
        // grpc-java: Grpc.newChannelBuilder with a unix: target works with netty-shaded, where
        // ManagedChannelBuilder.forTarget does not pick the domain socket transport.
        ManagedChannelBuilder<?> builder = handshake.network().equals("unix")
                ? Grpc.newChannelBuilder("unix:" + handshake.address(), InsecureChannelCredentials.create())
                : Grpc.newChannelBuilderForAddress(handshake.host(), handshake.port(), InsecureChannelCredentials.create());
        return builder.maxInboundMessageSize(maxMessageSize).build();
    }

    /** Closes the channel without waiting more than a moment. */
    public static void close(ManagedChannel channel) {
        if (channel == null) {
            return;
        }
        channel.shutdownNow();
        try {
            channel.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
