package io.halkyon.plugin.proto.internal.net;

import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.IoHandlerFactory;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.ServerChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The server's boss and worker event loops, on daemon threads so they never keep the JVM
 * alive. Epoll when available (needed for unix sockets), NIO otherwise (TCP only).
 */
public final class EventLoops {

    private final EventLoopGroup boss;
    private final EventLoopGroup worker;
    private final boolean epoll;

    private EventLoops(EventLoopGroup boss, EventLoopGroup worker, boolean epoll) {
        this.boss = boss;
        this.worker = worker;
        this.epoll = epoll;
    }

    public static EventLoops create() {
        // Two workers: the machines are small and a plugin serves one host.
        int workers = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new EventLoops(
                new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("plugin-boss", true), io),
                new MultiThreadIoEventLoopGroup(workers, new DefaultThreadFactory("plugin-worker", true), io),
                epoll);
    }

    public static boolean unixSocketsAvailable() {
        return Epoll.isAvailable();
    }

    public EventLoopGroup boss() {
        return boss;
    }

    public EventLoopGroup worker() {
        return worker;
    }

    public Class<? extends ServerChannel> domainSocketChannel() {
        if (!epoll) {
            throw new IllegalStateException("unix domain sockets need netty's native epoll transport");
        }
        return EpollServerDomainSocketChannel.class;
    }

    public Class<? extends ServerChannel> tcpChannel() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** Starts shutting the loops down without waiting; the threads are daemons anyway. */
    public void shutdown() {
        boss.shutdownGracefully(0, 200, TimeUnit.MILLISECONDS);
        worker.shutdownGracefully(0, 200, TimeUnit.MILLISECONDS);
    }
}
