package io.halkyon.plugin.proto.internal.mtls;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSsl;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import javax.net.ssl.SSLException;

/**
 * The two TLS contexts of AutoMTLS, for grpc-java over netty-shaded. Each side presents
 * its own {@link PluginCertificate} and trusts only the peer's, pinned by exact equality
 * ({@link PinnedTrustManager}). TLS 1.2 minimum, as go-plugin's server; grpc's defaults for
 * ALPN (h2) and cipher suites, which Go's crypto/tls and grpc-go share.
 *
 * <p>The engine depends on the peer's key. netty's BoringSSL is the fast one, but it does
 * not offer the ecdsa_secp521r1_sha512 signature scheme, and go-plugin's certificates are
 * P-521: under TLS 1.3 (where the scheme names the curve) a Go peer and BoringSSL find no
 * common scheme and the handshake fails (checked against Go 1.19's crypto/tls, both
 * directions). So BoringSSL is used for peers whose key it verifies (P-256, P-384, RSA: our
 * own certificates), the JDK's engine, which has the scheme, for any other (Go peers).
 */
public final class TlsContexts {

    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsContexts() {
    }

    /**
     * The host's side (or a broker client): presents {@code own}, trusts only
     * {@code pinnedServer}. Use with authority {@code localhost}.
     */
    public static SslContext clientContext(PluginCertificate own, X509Certificate pinnedServer) throws SSLException {
        return GrpcSslContexts.configure(SslContextBuilder.forClient(), providerFor(pinnedServer))
                .keyManager(own.privateKey(), own.certificate())
                .trustManager(PinnedTrustManager.forServer(pinnedServer))
                .protocols(PROTOCOLS)
                .build();
    }

    /**
     * The plugin's side (or a broker server): presents {@code own}, requires a client
     * certificate and trusts only {@code pinnedClient}.
     */
    public static SslContext serverContext(PluginCertificate own, X509Certificate pinnedClient) throws SSLException {
        return GrpcSslContexts.configure(SslContextBuilder.forServer(own.privateKey(), own.certificate()),
                        providerFor(pinnedClient))
                .trustManager(PinnedTrustManager.forClient(pinnedClient))
                .clientAuth(ClientAuth.REQUIRE)
                .protocols(PROTOCOLS)
                .build();
    }

    /** BoringSSL when available and able to verify the peer's signatures, else the JDK's engine. */
    static SslProvider providerFor(X509Certificate peer) {
        return OpenSsl.isAvailable() && boringSslVerifies(peer.getPublicKey()) ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    private static boolean boringSslVerifies(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize() <= 384;
        }
        return key instanceof RSAPublicKey;
    }
}
