package io.halkyon.benchmarks;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.stub.StreamObserver;
import io.halkyon.plugin.proto.capability.v1.BuildResponse;
import io.halkyon.plugin.proto.capability.v1.CapabilityPluginGrpc;
import io.halkyon.plugin.proto.capability.v1.DependentRequest;
import com.google.protobuf.ByteString;
import java.util.concurrent.TimeUnit;

/**
 * The raw gRPC echo server of {@code raw_grpc_*}, run in its own JVM as a plugin is: serves
 * {@code CapabilityPlugin.Build} on a unix socket (grpc-netty-shaded, epoll) and answers every
 * call with the same object of the given size; no JSON. Prints {@code ready} once listening and
 * exits when its stdin closes.
 * Arguments: {@code SOCKET RESPONSE_BYTES DIRECT_EXECUTOR(true|false) WORKER_LOOPS}.
 */
public final class EchoServer {

    private EchoServer() {
    }

    public static void main(String[] args) throws Exception {
        String socket = args[0];
        BuildResponse answer = BuildResponse.newBuilder()
                .setObject(ByteString.copyFrom(new byte[Integer.parseInt(args[1])])).build();
        boolean direct = Boolean.parseBoolean(args[2]);
        int workers = Integer.parseInt(args[3]);
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("echo-boss", true),
                EpollIoHandler.newFactory());
        EventLoopGroup worker = new MultiThreadIoEventLoopGroup(workers, new DefaultThreadFactory("echo-worker", true),
                EpollIoHandler.newFactory());
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new DomainSocketAddress(socket))
                .channelType(EpollServerDomainSocketChannel.class)
                .bossEventLoopGroup(boss)
                .workerEventLoopGroup(worker)
                .addService(new CapabilityPluginGrpc.CapabilityPluginImplBase() {
                    @Override
                    public void build(DependentRequest request, StreamObserver<BuildResponse> responses) {
                        responses.onNext(answer);
                        responses.onCompleted();
                    }
                });
        if (direct) {
            builder.directExecutor();
        }
        Server server = builder.build().start();
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the benchmark closes our stdin (or dies)
        }
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS);
        worker.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS);
    }
}
