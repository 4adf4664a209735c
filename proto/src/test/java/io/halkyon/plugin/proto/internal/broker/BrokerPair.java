package io.halkyon.plugin.proto.internal.broker;

import static org.awaitility.Awaitility.await;

import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.protobuf.services.HealthStatusManager;
import io.halkyon.plugin.proto.internal.net.ClientChannels;
import io.halkyon.plugin.proto.internal.net.ServerListener;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A host broker and a plugin broker over a real plugin connection on a unix socket: the
 * plugin's server carries {@link BrokerStreamService}, the host connects its channel.
 */
final class BrokerPair implements AutoCloseable {

    static final int MAX_MESSAGE = 4 << 20;

    final Map<String, String> env;
    final Broker plugin;
    final ServerListener pluginServer;
    final ManagedChannel hostChannel;
    final Broker host;

    private BrokerPair(Map<String, String> env, Broker plugin, ServerListener pluginServer,
                       ManagedChannel hostChannel, Broker host) {
        this.env = env;
        this.plugin = plugin;
        this.pluginServer = pluginServer;
        this.hostChannel = hostChannel;
        this.host = host;
    }

    static BrokerPair start(Path socketParent, Duration dialTimeout) throws IOException {
        return start(socketParent, dialTimeout, null, null, null, null);
    }

    /** TLS contexts may be null: plaintext everywhere, as without AutoMTLS. */
    static BrokerPair start(Path socketParent, Duration dialTimeout, SslContext pluginServerTls,
                            SslContext pluginClientTls, SslContext hostServerTls, SslContext hostClientTls)
            throws IOException {
        Map<String, String> env = Map.of(ServerListener.ENV_UNIX_SOCKET_DIR, socketParent.toString());
        Broker plugin = new Broker("kv", "host", env, ServerListener.UNIX, pluginServerTls, pluginClientTls,
                dialTimeout, MAX_MESSAGE);
        ServerListener server = ServerListener.start(ServerListener.UNIX, env,
                b -> b.addService(new BrokerStreamService(plugin)));
        ManagedChannel channel = ClientChannels.open(ServerListener.UNIX, server.address(), MAX_MESSAGE, null);
        Broker host = new Broker("kv", "plugin", env, ServerListener.UNIX, hostServerTls, hostClientTls,
                dialTimeout, MAX_MESSAGE);
        host.connect(channel);
        await().atMost(Duration.ofSeconds(5)).until(plugin::attached);
        return new BrokerPair(env, plugin, server, channel, host);
    }

    static BindableService health() {
        return new HealthStatusManager().getHealthService();
    }

    static HealthCheckResponse.ServingStatus check(ManagedChannel channel) {
        return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance()).getStatus();
    }

    @Override
    public void close() {
        host.close();
        plugin.close();
        ClientChannels.close(hostChannel);
        try {
            pluginServer.server().shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pluginServer.release();
    }
}
