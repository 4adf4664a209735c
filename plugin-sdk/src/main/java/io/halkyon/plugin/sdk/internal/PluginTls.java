package io.halkyon.plugin.sdk.internal;

import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.halkyon.plugin.api.PluginProtocol;
import io.halkyon.plugin.proto.internal.mtls.PeerCertificates;
import io.halkyon.plugin.proto.internal.mtls.PluginCertificate;
import io.halkyon.plugin.proto.internal.mtls.TlsContexts;
import java.security.cert.X509Certificate;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * The plugin's side of go-plugin's AutoMTLS: when the host put its certificate in
 * {@code PLUGIN_CLIENT_CERT}, the plugin makes its own, serves TLS requiring exactly the host's
 * certificate, and answers with its certificate in the handshake line. The broker's connections
 * use the same pair.
 *
 * @param server         the context to serve with
 * @param client         the context to dial the host's broker servers with
 * @param handshakeField the sixth handshake field: our certificate, base64 DER without padding
 */
public record PluginTls(SslContext server, SslContext client, String handshakeField) {

    /** Null when the host did not ask for TLS. */
    public static PluginTls fromEnvironment(Map<String, String> env) {
        String pem = env.get(PluginProtocol.ENV_CLIENT_CERT);
        if (pem == null || pem.isBlank()) {
            return null;
        }
        X509Certificate host;
        try {
            host = PeerCertificates.parsePem(pem);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the host asked for AutoMTLS, but " + PluginProtocol.ENV_CLIENT_CERT
                    + " holds no usable certificate: " + e.getMessage(), e);
        }
        PluginCertificate own = PluginCertificate.generate();
        try {
            return new PluginTls(TlsContexts.serverContext(own, host), TlsContexts.clientContext(own, host),
                    own.handshakeField());
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up AutoMTLS: " + e.getMessage(), e);
        }
    }
}
