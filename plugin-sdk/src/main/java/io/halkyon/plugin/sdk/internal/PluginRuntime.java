package io.halkyon.plugin.sdk.internal;

import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.halkyon.plugin.api.PluginProtocol;
import io.halkyon.plugin.sdk.PluginNetwork;
import io.halkyon.plugin.sdk.ServeConfig;
import java.io.IOException;
import java.time.Duration;
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
    private final BrokerService broker;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private PluginRuntime(String pluginName, int appVersion, ServeConfig config, ServerListener listener,
                          HealthStatusManager health, StdioService stdio, BrokerService broker) {
        this.pluginName = pluginName;
        this.appVersion = appVersion;
        this.config = config;
        this.listener = listener;
        this.health = health;
        this.stdio = stdio;
        this.broker = broker;
    }

    /**
     * Binds and starts the server.
     *
     * @param stopRequested called (on a gRPC thread) when the host sends Shutdown; must not block
     */
    @SuppressWarnings("deprecation") // the v1alpha reflection service: older grpcurl and go tools ask for it
    public static PluginRuntime start(CapabilityService capability, int appVersion, ServeConfig config,
                                      PluginNetwork network, Map<String, String> env, StdoutRouter stdout,
                                      Runnable stopRequested) throws IOException {
        String name = capability.info().getName();
        HealthStatusManager health = new HealthStatusManager();
        health.setStatus(PluginProtocol.HEALTH_SERVICE, ServingStatus.SERVING);
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
        StdioService stdio = new StdioService(name, stdout);
        BrokerService broker = new BrokerService(name);
        ControllerService controller = new ControllerService(stopRequested);
        ServerListener listener = ServerListener.start(network, env, builder -> builder
                .maxInboundMessageSize(MAX_MESSAGE_SIZE)
                .addService(health.getHealthService())
                .addService(controller)
                .addService(stdio)
                .addService(broker)
                .addService(capability)
                .addService(ProtoReflectionServiceV1.newInstance())
                .addService(io.grpc.protobuf.services.ProtoReflectionService.newInstance()));
        return new PluginRuntime(name, appVersion, config, listener, health, stdio, broker);
    }

    public String pluginName() {
        return pluginName;
    }

    public int appVersion() {
        return appVersion;
    }

    public PluginNetwork network() {
        return listener.network();
    }

    public String address() {
        return listener.address();
    }

    /** The handshake line for this server, with its trailing newline. */
    public String handshakeLine() {
        return Handshake.line(appVersion, listener.network().wireName(), listener.address());
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
            broker.complete();
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
