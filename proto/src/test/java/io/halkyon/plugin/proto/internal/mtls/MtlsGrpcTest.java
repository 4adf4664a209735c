package io.halkyon.plugin.proto.internal.mtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.protobuf.services.HealthStatusManager;
import io.halkyon.plugin.proto.internal.net.ClientChannels;
import io.halkyon.plugin.proto.internal.net.EventLoops;
import io.halkyon.plugin.proto.internal.net.ServerListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real gRPC over TLS, over loopback TCP and a unix socket, with the contexts the host and plugin use. */
class MtlsGrpcTest {

    private final PluginCertificate host = PluginCertificate.generate();
    private final PluginCertificate plugin = PluginCertificate.generate();
    private final List<ServerListener> listeners = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();

    @AfterEach
    void tearDown() throws InterruptedException {
        channels.forEach(ClientChannels::close);
        for (ServerListener listener : listeners) {
            listener.server().shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
            listener.release();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {ServerListener.TCP, ServerListener.UNIX})
    void healthCheckSucceedsWhenBothSidesPinEachOther(String network) throws Exception {
        ServerListener server = serve(network, TlsContexts.serverContext(plugin, host.certificate()));
        ManagedChannel channel = dial(server, TlsContexts.clientContext(host, plugin.certificate()));
        assertThat(check(channel).getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    /**
     * go-plugin's certificates are P-521, which netty's BoringSSL cannot verify under
     * TLS 1.3; the contexts switch engines for such peers (see {@link TlsContexts}).
     */
    @ParameterizedTest
    @ValueSource(strings = {ServerListener.TCP, ServerListener.UNIX})
    void worksWithPeersHoldingGoPluginStyleP521Certificates(String network) throws Exception {
        PluginCertificate goPlugin = TestCertificates.goPluginStyle();
        ServerListener server = serve(network, TlsContexts.serverContext(goPlugin, host.certificate()));
        ManagedChannel channel = dial(server, TlsContexts.clientContext(host, goPlugin.certificate()));
        assertThat(check(channel).getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);

        PluginCertificate goHost = TestCertificates.goPluginStyle();
        ServerListener ours = serve(network, TlsContexts.serverContext(plugin, goHost.certificate()));
        ManagedChannel fromGoHost = dial(ours, TlsContexts.clientContext(goHost, plugin.certificate()));
        assertThat(check(fromGoHost).getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    @ParameterizedTest
    @ValueSource(strings = {ServerListener.TCP, ServerListener.UNIX})
    void failsWhenTheClientPinsAnotherServerCertificate(String network) throws Exception {
        ServerListener server = serve(network, TlsContexts.serverContext(plugin, host.certificate()));
        ManagedChannel channel = dial(server,
                TlsContexts.clientContext(host, PluginCertificate.generate().certificate()));
        assertUnavailable(channel, "does not match the one pinned for this plugin");
    }

    /** The server presents a certificate issued by the key of the one the client pinned. */
    @ParameterizedTest
    @ValueSource(strings = {ServerListener.TCP, ServerListener.UNIX})
    void failsWhenTheServerPresentsAChildOfThePinnedCertificate(String network) throws Exception {
        ServerListener server = serve(network,
                TlsContexts.serverContext(TestCertificates.childOf(plugin), host.certificate()));
        ManagedChannel channel = dial(server, TlsContexts.clientContext(host, plugin.certificate()));
        assertUnavailable(channel, "does not match the one pinned for this plugin");
    }

    /**
     * grpc-java asks for endpoint identification with the authority {@code localhost}: even
     * the exactly pinned certificate is refused when it does not name that host, as Go's
     * client (ServerName "localhost") would refuse it.
     */
    @ParameterizedTest
    @ValueSource(strings = {ServerListener.TCP, ServerListener.UNIX})
    void failsWhenThePinnedServerCertificateIsNotForLocalhost(String network) throws Exception {
        PluginCertificate elsewhere = TestCertificates.selfSigned(Instant.now().minusSeconds(30),
                Instant.now().plus(Duration.ofDays(1)), "example.org");
        ServerListener server = serve(network, TlsContexts.serverContext(elsewhere, host.certificate()));
        ManagedChannel channel = dial(server, TlsContexts.clientContext(host, elsewhere.certificate()));
        assertUnavailable(channel, "the certificate pinned for this plugin is not for host 'localhost'");
    }

    /**
     * Refusals by the server. Under TLS 1.3 the client finishes its handshake before the
     * server checks the client's certificate, and the server's alert races its close: the
     * client sees either the alert or a closed connection, UNAVAILABLE either way. The
     * TLS 1.2 tests below show the alert deterministically.
     */
    @ParameterizedTest
    @ValueSource(strings = {ServerListener.TCP, ServerListener.UNIX})
    void failsWhenTheServerPinsAnotherClientCertificate(String network) throws Exception {
        ServerListener server = serve(network,
                TlsContexts.serverContext(plugin, PluginCertificate.generate().certificate()));
        ManagedChannel channel = dial(server, TlsContexts.clientContext(host, plugin.certificate()));
        assertUnavailable(channel, SERVER_REFUSAL);
        assertUnavailable(dial(server, tls12Client(host)), "BAD_CERTIFICATE");
    }

    @ParameterizedTest
    @ValueSource(strings = {ServerListener.TCP, ServerListener.UNIX})
    void failsWhenTheClientPresentsNoCertificate(String network) throws Exception {
        ServerListener server = serve(network, TlsContexts.serverContext(plugin, host.certificate()));
        SslContext noKey = GrpcSslContexts.forClient()
                .trustManager(PinnedTrustManager.forServer(plugin.certificate())).build();
        assertUnavailable(dial(server, noKey), SERVER_REFUSAL);
        SslContext noKey12 = GrpcSslContexts.forClient().protocols("TLSv1.2")
                .trustManager(PinnedTrustManager.forServer(plugin.certificate())).build();
        assertUnavailable(dial(server, noKey12), "ALERT_HANDSHAKE_FAILURE"); // BoringSSL's alert for "no certificate"
    }

    /** Nothing about certificates can reach a plaintext client: the server just closes. */
    @ParameterizedTest
    @ValueSource(strings = {ServerListener.TCP, ServerListener.UNIX})
    void failsForAPlaintextClient(String network) throws Exception {
        ServerListener server = serve(network, TlsContexts.serverContext(plugin, host.certificate()));
        assertUnavailable(dial(server, null), ".*");
    }

    /** go-plugin's server accepts TLS 1.2; so do ours, with the same pinning. */
    @ParameterizedTest
    @ValueSource(strings = {ServerListener.TCP, ServerListener.UNIX})
    void tls12Works(String network) throws Exception {
        ServerListener server = serve(network, TlsContexts.serverContext(plugin, host.certificate()));
        assertThat(check(dial(server, tls12Client(host))).getStatus())
                .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    private SslContext tls12Client(PluginCertificate own) throws Exception {
        return GrpcSslContexts.forClient().protocols("TLSv1.2")
                .keyManager(own.privateKey(), own.certificate())
                .trustManager(PinnedTrustManager.forServer(plugin.certificate()))
                .build();
    }

    private ServerListener serve(String network, SslContext tls) throws Exception {
        assumeThat(!ServerListener.UNIX.equals(network) || EventLoops.unixSocketsAvailable())
                .as("unix sockets need epoll").isTrue();
        ServerListener listener = ServerListener.start(network, Map.of(), builder -> builder
                .sslContext(tls)
                .addService(new HealthStatusManager().getHealthService()));
        listeners.add(listener);
        return listener;
    }

    private ManagedChannel dial(ServerListener server, SslContext tls) {
        ManagedChannel channel = ClientChannels.open(server.network(), server.address(), 4 << 20, tls);
        channels.add(channel);
        return channel;
    }

    private static HealthCheckResponse check(ManagedChannel channel) {
        return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance());
    }

    private static final String SERVER_REFUSAL = "BAD_CERTIFICATE|CERTIFICATE_REQUIRED|Network closed|Connection reset"
            + "|Broken pipe";

    /** UNAVAILABLE, and the description or a cause matches {@code about} (a regex). */
    private static void assertUnavailable(ManagedChannel channel, String about) {
        assertThatThrownBy(() -> check(channel))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                    assertThat(e.getStatus().getDescription() + " " + chain(e.getStatus().getCause()))
                            .containsPattern(about);
                });
    }

    private static String chain(Throwable t) {
        StringBuilder out = new StringBuilder();
        for (; t != null; t = t.getCause()) {
            out.append(t).append(" <- ");
        }
        return out.toString();
    }
}
