package io.halkyon.plugin.proto.internal.mtls;

import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSsl;
import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSslCertificateException;
import io.grpc.netty.shaded.io.netty.internal.tcnative.CertificateVerifier;
import java.net.Socket;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly one certificate: the peer's, received out of band (environment or
 * handshake line). A chain is accepted only if its first certificate is byte-for-byte the
 * pinned one and is valid now.
 *
 * <p>Why not a PKIX trust store holding the pinned certificate, as go-plugin does with a
 * cert pool: AutoMTLS certificates are CAs, so PKIX would also accept any certificate
 * signed with the pinned key. Equality is the property we actually want.
 *
 * <p>When the engine asks for endpoint identification (grpc-java's client sets "HTTPS",
 * with the authority {@code localhost}), the pinned certificate must also carry that DNS
 * name, as Go's client requires (ServerName "localhost"); a plugin whose certificate a
 * go-plugin host would refuse is refused here too. Implementing the extended interface
 * keeps the JDK from adding its own checks around this one.
 */
public final class PinnedTrustManager extends X509ExtendedTrustManager {

    private final X509Certificate pinned;
    private final byte[] pinnedDer;
    private final String peerRole;

    private PinnedTrustManager(X509Certificate pinned, String peerRole) {
        this.pinned = Objects.requireNonNull(pinned, "pinned certificate");
        this.peerRole = peerRole;
        try {
            this.pinnedDer = pinned.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("the pinned certificate cannot be encoded", e);
        }
    }

    /** For a client: trusts the plugin (server) that announced {@code pinned}. */
    public static PinnedTrustManager forServer(X509Certificate pinned) {
        return new PinnedTrustManager(pinned, "server");
    }

    /** For a server: trusts the host (client) that passed {@code pinned}. */
    public static PinnedTrustManager forClient(X509Certificate pinned) {
        return new PinnedTrustManager(pinned, "client");
    }

    public X509Certificate pinned() {
        return pinned;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, null);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain, null);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain, null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        SSLParameters parameters = socket instanceof SSLSocket ssl ? ssl.getSSLParameters() : null;
        String host = socket instanceof SSLSocket ssl && ssl.getHandshakeSession() != null
                ? ssl.getHandshakeSession().getPeerHost() : null;
        check(chain, identifiedHost(parameters, host));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain, engine == null ? null : identifiedHost(engine.getSSLParameters(), engine.getPeerHost()));
    }

    /**
     * Empty, so that a server's CertificateRequest names no CA. Listing the pinned
     * certificate (as go-plugin's ClientCAs pool does) makes a Go client whose certificate
     * has another issuer name send none, and the refusal then reads "certificate required"
     * instead of saying the certificate does not match the pin.
     */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }

    private static String identifiedHost(SSLParameters parameters, String peerHost) {
        if (parameters == null || peerHost == null) {
            return null;
        }
        String algorithm = parameters.getEndpointIdentificationAlgorithm();
        return algorithm == null || algorithm.isEmpty() ? null : peerHost;
    }

    private void check(X509Certificate[] chain, String expectedHost) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw rejected("the " + peerRole + " presented no certificate; expected the one pinned for this plugin",
                    null);
        }
        if (!Arrays.equals(chain[0].getEncoded(), pinnedDer)) {
            throw rejected("the " + peerRole + "'s certificate does not match the one pinned for this plugin (got"
                    + " subject '" + chain[0].getSubjectX500Principal().getName() + "', serial "
                    + chain[0].getSerialNumber().toString(16) + "; pinned serial "
                    + pinned.getSerialNumber().toString(16) + ")", null);
        }
        try {
            pinned.checkValidity();
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw rejected("the certificate pinned for this plugin is not valid now (valid "
                    + pinned.getNotBefore().toInstant() + " to " + pinned.getNotAfter().toInstant() + ")", e);
        }
        if (expectedHost != null && dnsNames().stream().noneMatch(expectedHost::equalsIgnoreCase)) {
            throw rejected("the certificate pinned for this plugin is not for host '" + expectedHost
                    + "' (its DNS names: " + dnsNames() + ")", null);
        }
    }

    /**
     * With netty's OpenSSL engine a plain CertificateException goes out as an "internal
     * error" alert; saying "certificate rejected" makes the peer's error (a go-plugin host's
     * "remote error: tls: bad certificate") point at the certificate.
     */
    private static CertificateException rejected(String message, Throwable cause) {
        if (OpenSsl.isAvailable()) {
            return new OpenSslCertificateException(message, cause, CertificateVerifier.X509_V_ERR_CERT_REJECTED);
        }
        return new CertificateException(message, cause);
    }

    private List<String> dnsNames() throws CertificateParsingException {
        List<String> names = new ArrayList<>();
        Collection<List<?>> alternatives = pinned.getSubjectAlternativeNames();
        if (alternatives != null) {
            for (List<?> entry : alternatives) {
                if (entry.size() >= 2 && Integer.valueOf(2).equals(entry.get(0)) && entry.get(1) instanceof String name) {
                    names.add(name);
                }
            }
        }
        return names;
    }
}
