package io.halkyon.plugin.host.internal;

import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.PluginHandshakeException;
import io.halkyon.plugin.api.PluginProtocol;
import io.halkyon.plugin.proto.internal.mtls.PeerCertificates;
import io.halkyon.plugin.proto.internal.mtls.PluginCertificate;
import io.halkyon.plugin.proto.internal.mtls.TlsContexts;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;

/**
 * The host's side of go-plugin's AutoMTLS: a fresh certificate per launch, handed to the plugin
 * in {@code PLUGIN_CLIENT_CERT}, and the check of the plugin's answer. Whether a mismatch is the
 * host's or the plugin's is said in one sentence, and no certificate is ever quoted.
 */
public final class TlsSetup {

    /** What the connection and its broker use: both certificates pinned. */
    public record Contexts(SslContext client, SslContext server) {
    }

    private final PluginCertificate own;

    private TlsSetup(PluginCertificate own) {
        this.own = own;
    }

    public static TlsSetup generate(String pluginName) {
        try {
            return new TlsSetup(PluginCertificate.generate());
        } catch (RuntimeException e) {
            throw new PluginException(pluginName, "plugin '" + pluginName + "': cannot make the host's AutoMTLS"
                    + " certificate: " + e.getMessage(), e);
        }
    }

    /** The PEM for {@code PLUGIN_CLIENT_CERT}. */
    public String pem() {
        return own.pem();
    }

    /**
     * @param tls null when the host did not ask for AutoMTLS
     * @return the contexts to connect with, or null for plaintext
     * @throws PluginHandshakeException when the plugin's answer does not match what the host asked
     */
    public static Contexts check(String pluginName, TlsSetup tls, Handshake handshake) {
        if (tls == null) {
            if (handshake.hasServerCert()) {
                throw new PluginHandshakeException(pluginName, "plugin '" + pluginName + "' answered with a TLS"
                        + " certificate (AutoMTLS), but this host did not ask for TLS: turn autoMtls on for this"
                        + " plugin, or start it without " + PluginProtocol.ENV_CLIENT_CERT);
            }
            return null;
        }
        if (!handshake.hasServerCert()) {
            throw new PluginHandshakeException(pluginName, "plugin '" + pluginName + "' answered without a TLS"
                    + " certificate, but this host asked for AutoMTLS (" + PluginProtocol.ENV_CLIENT_CERT
                    + "): the plugin does not support AutoMTLS; turn autoMtls off for it");
        }
        X509Certificate pinned;
        try {
            pinned = PeerCertificates.parseHandshakeField(handshake.serverCert());
        } catch (IllegalArgumentException e) {
            throw new PluginHandshakeException(pluginName, "plugin '" + pluginName + "' answered AutoMTLS with an"
                    + " invalid certificate: " + e.getMessage());
        }
        try {
            return new Contexts(TlsContexts.clientContext(tls.own, pinned), TlsContexts.serverContext(tls.own, pinned));
        } catch (SSLException | RuntimeException e) {
            throw new PluginHandshakeException(pluginName, "plugin '" + pluginName + "': cannot set up TLS with its"
                    + " certificate: " + e.getMessage());
        }
    }
}
