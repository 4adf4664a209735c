package io.halkyon.plugin.host.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.protobuf.services.HealthStatusManager;
import io.halkyon.plugin.proto.internal.net.ClientChannels;
import io.halkyon.plugin.proto.internal.net.ServerListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A gRPC server (the standard health service) on a TLS context, and clients that trust only the
 * test CA and record the chain the server presented. Each {@link #servedChain} call is a new
 * connection with a new client context, so no TLS session is resumed: the server chooses its
 * certificate afresh.
 */
final class HealthOverTls {

    private HealthOverTls() {
    }

    static Server serve(SslContext tls) throws IOException {
        return NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .sslContext(tls)
                .addService(new HealthStatusManager().getHealthService())
                .build()
                .start();
    }

    static void stop(Server server) throws InterruptedException {
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** A health check over a new connection; the chain the server presented in it. */
    static List<X509Certificate> servedChain(Server server, X509Certificate ca, String... protocols) throws Exception {
        Recorder recorder = new Recorder(ca);
        SslContext tls = GrpcSslContexts.forClient().trustManager(recorder)
                .protocols(protocols.length == 0 ? null : protocols).build();
        ManagedChannel channel = ClientChannels.open(ServerListener.TCP,
                "127.0.0.1:" + server.getPort(), 1 << 20, tls);
        try {
            HealthCheckResponse response = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance());
            assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        } finally {
            ClientChannels.close(channel);
        }
        assertThat(recorder.chain).as("the server's chain, checked by the client").isNotNull();
        return List.of(recorder.chain);
    }

    /** PKIX with the test CA as the only anchor (and the host name check), recording what it was shown. */
    private static final class Recorder extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager pkix;
        private volatile X509Certificate[] chain;

        Recorder(X509Certificate ca) throws Exception {
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            anchors.setCertificateEntry("ca", ca);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(anchors);
            this.pkix = (X509ExtendedTrustManager) factory.getTrustManagers()[0];
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            pkix.checkServerTrusted(chain, authType, engine);
            this.chain = chain.clone();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            pkix.checkServerTrusted(chain, authType, socket);
            this.chain = chain.clone();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            pkix.checkServerTrusted(chain, authType);
            this.chain = chain.clone();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("a client does not check clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("a client does not check clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a client does not check clients");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return pkix.getAcceptedIssuers();
        }
    }
}
