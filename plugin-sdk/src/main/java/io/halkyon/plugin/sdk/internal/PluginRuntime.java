package io.halkyon.plugin.sdk.internal;

import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.BindableService;
import io.halkyon.plugin.api.PluginProtocol;
import io.halkyon.plugin.grpc.PluginBroker;
import io.halkyon.plugin.proto.internal.broker.Broker;
import io.halkyon.plugin.proto.internal.broker.BrokerStreamService;
import io.halkyon.plugin.proto.internal.net.ServerListener;
import io.halkyon.plugin.sdk.PluginNetwork;
import io.halkyon.plugin.sdk.PluginServices;
import io.halkyon.plugin.sdk.ServeConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started gRPC server with every plugin service, and its one stop sequence: health goes
 * NOT_SERVING, the stdio and broker streams end, calls in flight get the grace period, the
 * rest is cancelled, and the socket and its directory are removed.
 */
public final class PluginRuntime {

    private static final Logger log = LoggerFactory.getLogger(PluginRuntime.class);

    /** The host's default maximum message size too: objects are Kubernetes JSON. */
    static final int MAX_MESSAGE_SIZE = 16 * 1024 * 1024;
    private static final Duration FORCED_STOP_WAIT = Duration.ofMillis(500);

    private final String pluginName;
    private final int appVersion;
    private final ServeConfig config;
    private final ServerListener listener;
    private final HealthStatusManager health;
    private final StdioService stdio;
    private final Broker broker;
    private final String handshakeCert;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private PluginRuntime(String pluginName, int appVersion, ServeConfig config, ServerListener listener,
                          HealthStatusManager health, StdioService stdio, Broker broker, String handshakeCert) {
        this.pluginName = pluginName;
        this.appVersion = appVersion;
        this.config = config;
        this.listener = listener;
        this.health = health;
        this.stdio = stdio;
        this.broker = broker;
        this.handshakeCert = handshakeCert;
    }

    /**
     * Binds and starts the server with go-plugin's services and the plugin set of {@code appVersion}.
     *
     * @param tls           null for plaintext
     * @param stopRequested called (on a gRPC thread) when the host sends Shutdown; must not block
     */
    @SuppressWarnings("deprecation") // the v1alpha reflection service: older grpcurl and go tools ask for it
    public static PluginRuntime start(int appVersion, ServeConfig config, PluginNetwork network, Map<String, String> env,
                               StdoutRouter stdout, PluginTls tls, Runnable stopRequested) throws IOException {
        String name = config.name();
        PluginServices set = config.plugins().get(appVersion);
        if (set == null) {
            throw new IllegalArgumentException("no plugin set for app protocol version " + appVersion
                    + "; this plugin has sets for " + config.plugins().keySet());
        }
        Broker broker = new Broker(name, "host", env, network.wireName(), tls == null ? null : tls.server(),
                tls == null ? null : tls.client(), Broker.DEFAULT_DIAL_TIMEOUT, MAX_MESSAGE_SIZE);
        List<BindableService> services = set.services(broker);
        if (services == null || services.isEmpty() || services.stream().anyMatch(java.util.Objects::isNull)) {
            broker.close();
            throw new IllegalArgumentException("the plugin set of app protocol version " + appVersion
                    + " gave no services (or a null one): expected at least one gRPC service");
        }
        HealthStatusManager health = new HealthStatusManager();
        health.setStatus(PluginProtocol.HEALTH_SERVICE, ServingStatus.SERVING);
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
        StdioService stdio = new StdioService(name, stdout);
        ControllerService controller = new ControllerService(stopRequested);
        ServerListener listener;
        try {
            listener = ServerListener.start(network.wireName(), env, builder -> {
                // gRPC's default executor, not directExecutor: plugin code runs off the event loop,
                // so a slow call never holds up health checks or Shutdown on the host's one
                // connection (SlowCallTest). directExecutor was measured: no better p50, and 16
                // concurrent Builds ran one at a time (a ninth of the calls/s).
                builder.maxInboundMessageSize(MAX_MESSAGE_SIZE)
                        .addService(health.getHealthService())
                        .addService(controller)
                        .addService(stdio)
                        .addService(new BrokerStreamService(broker))
                        .addService(ProtoReflectionServiceV1.newInstance())
                        .addService(io.grpc.protobuf.services.ProtoReflectionService.newInstance());
                // Plugin code's exceptions reach the host with their message, whatever the service.
                ErrorStatusInterceptor.wrap(name, services).forEach(builder::addService);
                if (tls != null) {
                    builder.sslContext(tls.server());
                }
            });
        } catch (IOException | RuntimeException e) {
            broker.close();
            throw e;
        }
        return new PluginRuntime(name, appVersion, config, listener, health, stdio, broker,
                tls == null ? "" : tls.handshakeField());
    }

    public String pluginName() {
        return pluginName;
    }

    public int appVersion() {
        return appVersion;
    }

    public PluginNetwork network() {
        return ServerListener.UNIX.equals(listener.network()) ? PluginNetwork.UNIX : PluginNetwork.TCP;
    }

    public String address() {
        return listener.address();
    }

    /** The handshake line for this server, with its trailing newline. */
    public String handshakeLine() {
        return Handshake.line(appVersion, listener.network(), listener.address(), handshakeCert);
    }

    /** The broker to the host. */
    public PluginBroker broker() {
        return broker;
    }

    public boolean isStopping() {
        return stopping.get();
    }

    /**
     * Stops the server, bounded by the grace period (when {@code graceful}) plus a short
     * forced wait, and removes the socket. Only the first call does the work; later ones
     * wait for it (bounded) and return.
     */
    public void stop(String reason, boolean graceful) {
        if (!stopping.compareAndSet(false, true)) {
            awaitStopped(config.shutdownGrace().plus(FORCED_STOP_WAIT).plusSeconds(1));
            return;
        }
        log.info("plugin '{}' stopping: {}", pluginName, reason);
        Server server = listener.server();
        try {
            health.enterTerminalState();
            stdio.complete();
            broker.close();
            server.shutdown();
            if (graceful && !config.shutdownGrace().isZero()) {
                server.awaitTermination(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
            }
            if (!server.isTerminated()) {
                server.shutdownNow();
                server.awaitTermination(FORCED_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            server.shutdownNow();
            log.warn("plugin '{}': error while stopping: {}", pluginName, e.toString(), e);
        } finally {
            listener.release();
            stopped.countDown();
        }
        log.info("plugin '{}' stopped", pluginName);
    }

    /** Waits for a stop in progress to finish; false when it did not within {@code timeout}. */
    public boolean awaitStopped(Duration timeout) {
        try {
            return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The most a {@link #stop} can take, for watchdogs. */
    public Duration stopBound() {
        return config.shutdownGrace().plus(FORCED_STOP_WAIT);
    }
}
