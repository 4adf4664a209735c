package io.halkyon.plugin.host.remote;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.host.internal.ServerTlsFiles;
import io.halkyon.plugin.host.internal.Threads;
import io.halkyon.plugin.host.remote.internal.CachedAccess;
import io.halkyon.plugin.host.remote.internal.SessionContext;
import io.halkyon.plugin.host.remote.internal.StreamService;
import io.halkyon.plugin.proto.internal.net.EventLoops;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server remote plugins dial: {@code pluginframework.v1.PluginFrameworkService} on a TCP
 * address (TLS, or plaintext on loopback) or a unix socket, per a
 * {@link RemotePluginServerConfig}. Each stream's bearer token is checked before anything is read,
 * its {@code register} within the register timeout, its name authorized; then it is a replica of
 * the {@link RemotePlugin} of that name in {@link #plugins()}. The reference framework's server
 * plugs into controller-runtime's manager as a {@code Runnable}; this one is started and closed
 * with the operator the same way.
 *
 * <pre>{@code
 * try (RemotePluginServer server = RemotePluginServer.start(RemotePluginServerConfig.builder(access)
 *         .address(new InetSocketAddress("0.0.0.0", 9443)).tls(certFile, keyFile).build())) {
 *     PluginRegistry all = PluginRegistry.merge(manager.registry(), server.plugins().registry());
 * }
 * }</pre>
 */
public final class RemotePluginServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RemotePluginServer.class);
    /** Peers may ping this often, no more (HTTP/2 keepalive enforcement). */
    static final long PERMIT_KEEPALIVE_SECONDS = 5;
    /** Reviews and admissions waiting for a thread at most; beyond, new streams are told UNAVAILABLE. */
    static final int MAX_QUEUED_WORK = 256;
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Server server;
    private final EventLoops loops;
    private final RemotePlugins plugins;
    private final ExecutorService work;
    private final ExecutorService callbacks;
    private final ScheduledThreadPoolExecutor timers;
    private final String address;

    private RemotePluginServer(Server server, EventLoops loops, RemotePlugins plugins, ExecutorService work,
                               ExecutorService callbacks, ScheduledThreadPoolExecutor timers, String address) {
        this.server = server;
        this.loops = loops;
        this.plugins = plugins;
        this.work = work;
        this.callbacks = callbacks;
        this.timers = timers;
        this.address = address;
    }

    /**
     * Listens now.
     *
     * @throws PluginException when the address cannot be bound or the TLS files cannot be read, saying
     *         which and why
     */
    public static RemotePluginServer start(RemotePluginServerConfig config) {
        int n = COUNTER.incrementAndGet();
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1,
                r -> Threads.daemon("remote-plugins-timer-" + n, r));
        timers.setRemoveOnCancelPolicy(true);
        ThreadPoolExecutor work = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(MAX_QUEUED_WORK), r -> Threads.daemon("remote-plugins-work-" + n, r));
        work.allowCoreThreadTimeOut(true);
        ExecutorService callbacks = Executors.newCachedThreadPool(r -> Threads.daemon("remote-plugins-call-" + n, r));
        RemotePlugins plugins = new RemotePlugins(config, timers);
        SessionContext ctx = new SessionContext(config,
                CachedAccess.of(config.access(), config.reviewCacheTime()), config.access(),
                timers, work, callbacks, plugins.admission());
        EventLoops loops = EventLoops.create();
        String where = config.unixSocket().map(p -> "unix:" + p).orElseGet(() -> config.address().orElseThrow().toString());
        try {
            SocketAddress bind = config.unixSocket().<SocketAddress>map(p -> new DomainSocketAddress(p.toString()))
                    .orElseGet(() -> config.address().orElseThrow());
            NettyServerBuilder builder = NettyServerBuilder.forAddress(bind)
                    .channelType(config.unixSocket().isPresent() ? loops.domainSocketChannel() : loops.tcpChannel())
                    .bossEventLoopGroup(loops.boss())
                    .workerEventLoopGroup(loops.worker())
                    .maxInboundMessageSize(config.maxMessageSize())
                    .keepAliveTime(config.keepAliveTime().toNanos(), TimeUnit.NANOSECONDS)
                    .keepAliveTimeout(config.keepAliveTimeout().toNanos(), TimeUnit.NANOSECONDS)
                    .permitKeepAliveTime(PERMIT_KEEPALIVE_SECONDS, TimeUnit.SECONDS)
                    .permitKeepAliveWithoutCalls(true)
                    .addService(StreamService.definition(ctx));
            if (config.tls()) {
                builder.sslContext(ServerTlsFiles.load(config.certFile().orElseThrow(), config.keyFile().orElseThrow())
                        .sslContext());
            }
            Server server = builder.build().start();
            String address = config.unixSocket().map(p -> "unix:" + p).orElseGet(() -> {
                InetSocketAddress bound = (InetSocketAddress) server.getListenSockets().get(0);
                return bound.getHostString() + ":" + bound.getPort();
            });
            log.info("remote plugin server listening on {} ({})", address, config.tls() ? "TLS" : "plaintext");
            return new RemotePluginServer(server, loops, plugins, work, callbacks, timers, address);
        } catch (IOException | RuntimeException e) {
            loops.shutdown();
            work.shutdownNow();
            callbacks.shutdownNow();
            timers.shutdownNow();
            String why = e instanceof IOException && config.unixSocket().map(Files::exists).orElse(false)
                    ? " (the socket file exists: another server, or a leftover to remove)" : "";
            throw new PluginException("remote plugin server", "remote plugin server cannot listen on " + where + ": "
                    + e.getMessage() + why, e);
        }
    }

    /** Where it listens: {@code host:port} (the port bound when 0 was asked) or {@code unix:/path}. */
    public String address() {
        return address;
    }

    /** The port it listens on; -1 on a unix socket. */
    public int port() {
        return address.startsWith("unix:") ? -1 : Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    /**
     * Refuses new registrations with {@code UNAVAILABLE} and {@code reason} (the plugins retry),
     * until {@link #accept()}: for an operator replica that does not lead, so that remote plugins
     * end up connected to the one that calls them. Open streams are not affected.
     */
    public void standBy(String reason) {
        plugins.refuse(java.util.Objects.requireNonNull(reason, "reason"));
        log.info("remote plugin server on {} refuses new registrations: {}", address, reason);
    }

    /** Accepts registrations again (the default). */
    public void accept() {
        plugins.refuse(null);
        log.info("remote plugin server on {} accepts registrations", address);
    }

    /** The remote plugins, by name. */
    public RemotePlugins plugins() {
        return plugins;
    }

    /**
     * Stops listening, ends every stream with {@code UNAVAILABLE} (their calls fail, retryable), and
     * leaves every plugin STOPPED. Idempotent.
     */
    @Override
    public void close() {
        if (server.isShutdown()) {
            return;
        }
        plugins.close();
        server.shutdown();
        try {
            if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        loops.shutdown();
        work.shutdownNow();
        callbacks.shutdown();
        timers.shutdownNow();
        log.info("remote plugin server on {} closed", address);
    }
}
