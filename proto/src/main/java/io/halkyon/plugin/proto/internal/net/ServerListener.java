package io.halkyon.plugin.proto.internal.net;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.halkyon.plugin.api.PluginProtocol;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Binds and starts the gRPC server on a unix socket in a private directory or on a TCP
 * loopback port from the allowed range, and removes the socket again.
 */
public final class ServerListener {

    /** go-plugin's variable for the directory the socket directory is created in. */
    public static final String ENV_UNIX_SOCKET_DIR = PluginProtocol.ENV_UNIX_SOCKET_DIR;
    public static final String SOCKET_NAME = "plugin.sock";
    public static final String UNIX = "unix";
    public static final String TCP = "tcp";

    private final Server server;
    private final EventLoops loops;
    /** {@code unix} or {@code tcp}, as the handshake line spells it. */
    private final String network;
    private final String address;
    private final Path socketDirectory;
    /** A per-plugin directory a Halkyon host made for our socket directory: ours to remove too. */
    private final Path hostSocketParent;

    private ServerListener(Server server, EventLoops loops, String network, String address,
                           Path socketDirectory, Path hostSocketParent) {
        this.server = server;
        this.loops = loops;
        this.network = network;
        this.address = address;
        this.socketDirectory = socketDirectory;
        this.hostSocketParent = hostSocketParent;
    }

    /**
     * Starts the server.
     *
     * @param network  {@link #UNIX} or {@link #TCP}
     * @param services adds the services (and any other setting) to the builder
     * @throws IOException when no socket could be bound; the message says where it tried
     */
    public static ServerListener start(String network, Map<String, String> env,
                                       Consumer<NettyServerBuilder> services) throws IOException {
        EventLoops loops = EventLoops.create();
        try {
            return UNIX.equals(network)
                    ? startUnix(loops, env, services)
                    : startTcp(loops, PortRange.fromEnvironment(env), services);
        } catch (IOException | RuntimeException e) {
            loops.shutdown();
            throw e;
        }
    }

    private static ServerListener startUnix(EventLoops loops, Map<String, String> env,
                                            Consumer<NettyServerBuilder> services) throws IOException {
        String parentName = env.get(ENV_UNIX_SOCKET_DIR);
        Path parent = parentName == null || parentName.isBlank()
                ? Paths.get(System.getProperty("java.io.tmpdir"))
                : Paths.get(parentName);
        Path directory = Files.createTempDirectory(parent, "plugin",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path socket = directory.resolve(SOCKET_NAME).toAbsolutePath();
        try {
            NettyServerBuilder builder = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                    .channelType(loops.domainSocketChannel())
                    .bossEventLoopGroup(loops.boss())
                    .workerEventLoopGroup(loops.worker());
            services.accept(builder);
            Server server = builder.build().start();
            boolean fromHost = parentName != null && !parentName.isBlank()
                    && "1".equals(env.get(PluginProtocol.ENV_STDIN_WATCH));
            return new ServerListener(server, loops, UNIX, socket.toString(), directory,
                    fromHost ? parent : null);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(socket);
            deleteQuietly(directory);
            throw new IOException("cannot listen on unix socket " + socket + ": " + e.getMessage(), e);
        }
    }

    private static ServerListener startTcp(EventLoops loops, PortRange range,
                                           Consumer<NettyServerBuilder> services) throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        int size = range.max() - range.min() + 1;
        // A random start spreads plugins launched together over the range; then every port once.
        int first = ThreadLocalRandom.current().nextInt(size);
        IOException last = null;
        for (int i = 0; i < size; i++) {
            int port = range.min() + (first + i) % size;
            NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(loopback, port))
                    .channelType(loops.tcpChannel())
                    .bossEventLoopGroup(loops.boss())
                    .workerEventLoopGroup(loops.worker());
            services.accept(builder);
            Server server = builder.build();
            try {
                server.start();
                return new ServerListener(server, loops, TCP, "127.0.0.1:" + port, null, null);
            } catch (IOException e) {
                server.shutdownNow();
                last = e;
            }
        }
        throw new IOException("no free TCP port on 127.0.0.1 within " + range.min() + ".." + range.max()
                + " (" + PluginProtocol.ENV_MIN_PORT + ".." + PluginProtocol.ENV_MAX_PORT + ")", last);
    }

    public Server server() {
        return server;
    }

    /** {@code unix} or {@code tcp}. */
    public String network() {
        return network;
    }

    /** The address as printed in the handshake: the socket path, or {@code 127.0.0.1:port}. */
    public String address() {
        return address;
    }

    /** The private directory holding the socket; null for TCP. */
    public Path socketDirectory() {
        return socketDirectory;
    }

    /** Releases the event loops and removes the socket and its directory. Idempotent. */
    public void release() {
        loops.shutdown();
        if (socketDirectory != null) {
            deleteQuietly(socketDirectory.resolve(SOCKET_NAME));
            deleteQuietly(socketDirectory);
        }
        if (hostSocketParent != null) {
            deleteQuietly(hostSocketParent); // only when empty; matters when the host died first
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // Best effort: a leftover empty temp directory is harmless, and we are stopping.
        }
    }
}
