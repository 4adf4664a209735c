package io.halkyon.benchmarks;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NegotiationType;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.halkyon.plugin.proto.capability.v1.BuildResponse;
import io.halkyon.plugin.proto.capability.v1.CapabilityPluginGrpc;
import io.halkyon.plugin.proto.capability.v1.DependentKey;
import io.halkyon.plugin.proto.capability.v1.DependentRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The floor of grpc-java here: a {@link EchoServer} in its own JVM and a plain channel to it over
 * a unix socket, with the same request (the owner's JSON and a dependent key) and answer sizes
 * as a Build, a deadline on every call as the host sets one, and no JSON work.
 */
final class RawEcho implements AutoCloseable {

    /**
     * Transport and executor settings of both ends.
     *
     * @param serverDirect server calls run on the event loop ({@code directExecutor})
     * @param clientDirect client callbacks run on the event loop ({@code directExecutor})
     * @param serverLoops  server worker event loops
     * @param clientLoops  client event loops
     */
    record Tuning(boolean serverDirect, boolean clientDirect, int serverLoops, int clientLoops) {

        /** The fastest found here (see benchmarks/README.md). */
        static final Tuning FASTEST = new Tuning(true, true, 1, 1);

        @Override
        public String toString() {
            return "server " + (serverDirect ? "direct" : "pool") + " " + serverLoops + " loop(s), client "
                    + (clientDirect ? "direct" : "pool") + " " + clientLoops + " loop(s)";
        }
    }

    private final Process server;
    private final Path dir;
    private final EventLoopGroup loops;
    private final ManagedChannel channel;
    private final CapabilityPluginGrpc.CapabilityPluginBlockingStub stub;
    private final DependentRequest request;
    private final int responseSize;

    private RawEcho(Process server, Path dir, EventLoopGroup loops, ManagedChannel channel, byte[] owner,
                    int responseSize) {
        this.server = server;
        this.dir = dir;
        this.loops = loops;
        this.channel = channel;
        this.stub = CapabilityPluginGrpc.newBlockingStub(channel);
        this.request = DependentRequest.newBuilder().setOwner(ByteString.copyFrom(owner))
                .setDependent(DependentKey.newBuilder().setGroup("apps").setVersion("v1").setKind("StatefulSet")
                        .setName("bench"))
                .build();
        this.responseSize = responseSize;
    }

    /** Starts the echo server JVM and connects to it. */
    static RawEcho start(Tuning tuning, byte[] owner, int responseSize) throws IOException {
        Path dir = Files.createTempDirectory("bench-echo-");
        Path socket = dir.resolve("echo.sock");
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EchoServer.class.getName(), socket.toString(),
                Integer.toString(responseSize), Boolean.toString(tuning.serverDirect()),
                Integer.toString(tuning.serverLoops()))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        EventLoopGroup loops = null;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (!"ready".equals(line)) {
                throw new IOException("the echo server said '" + line + "' instead of 'ready'");
            }
            loops = new MultiThreadIoEventLoopGroup(tuning.clientLoops(),
                    new DefaultThreadFactory("echo-client", true), EpollIoHandler.newFactory());
            NettyChannelBuilder builder = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                    .channelType(EpollDomainSocketChannel.class)
                    .eventLoopGroup(loops)
                    .negotiationType(NegotiationType.PLAINTEXT);
            if (tuning.clientDirect()) {
                builder.directExecutor();
            }
            return new RawEcho(server, dir, loops, builder.build(), owner, responseSize);
        } catch (IOException | RuntimeException e) {
            stop(server, dir, loops);
            throw e;
        }
    }

    /** The echo server's process id. */
    long serverPid() {
        return server.pid();
    }

    /** One unary call. */
    void call() {
        BuildResponse response = stub.withDeadlineAfter(30, TimeUnit.SECONDS).build(request);
        if (response.getObject().size() != responseSize) {
            throw new IllegalStateException("the echo server answered " + response.getObject().size() + " bytes");
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stop(server, dir, loops);
    }

    private static void stop(Process server, Path dir, EventLoopGroup loops) {
        try {
            server.getOutputStream().close();
            if (!server.waitFor(5, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            server.destroyForcibly();
        } catch (InterruptedException e) {
            server.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        if (loops != null) {
            loops.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS);
        }
        try {
            Files.deleteIfExists(dir.resolve("echo.sock"));
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temp directory left behind; nothing to measure there
        }
    }
}
