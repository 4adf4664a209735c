package io.halkyon.plugin.proto.internal.net;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NegotiationType;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.util.concurrent.TimeUnit;

/**
 * Dials an address a plugin (or a broker peer) announced: a unix socket or TCP
 * {@code host:port}, in plaintext or, with AutoMTLS, over TLS with the peer's pinned
 * certificate (authority {@code localhost}, the name go-plugin's certificates carry). A unix
 * socket is dialed with authority {@code localhost} in plaintext too.
 */
public final class ClientChannels {

    /** The server name in go-plugin's AutoMTLS certificates; the authority of every unix socket dial. */
    public static final String TLS_AUTHORITY = "localhost";

    private ClientChannels() {
    }

    /**
     * @param network {@link ServerListener#UNIX} or {@link ServerListener#TCP}
     * @param address the socket path, or {@code host:port}
     * @param tls     null for plaintext
     */
    public static ManagedChannel open(String network, String address, int maxMessageSize, SslContext tls) {
        NettyChannelBuilder builder;
        if (ServerListener.UNIX.equals(network)) {
            // The socket path would be the :authority, which strict HTTP/2 servers refuse (Node.js's
            // nghttp2 resets the stream: PROTOCOL_ERROR); "localhost", as grpc-go sends for unix targets.
            builder = NettyChannelBuilder.forAddress(new DomainSocketAddress(address))
                    .channelType(EpollDomainSocketChannel.class)
                    .eventLoopGroup(SharedClientLoop.group())
                    .overrideAuthority(TLS_AUTHORITY);
        } else {
            builder = NettyChannelBuilder.forAddress(TcpAddresses.host(address), TcpAddresses.port(address));
        }
        if (tls == null) {
            builder.negotiationType(NegotiationType.PLAINTEXT);
        } else {
            builder.sslContext(tls).overrideAuthority(TLS_AUTHORITY);
        }
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

    /** One epoll loop for every unix-socket channel of this JVM, on daemon threads. */
    private static final class SharedClientLoop {
        private static final EpollEventLoopGroup GROUP = new EpollEventLoopGroup(0,
                new io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory("plugin-client-epoll", true));

        static EpollEventLoopGroup group() {
            return GROUP;
        }
    }
}
