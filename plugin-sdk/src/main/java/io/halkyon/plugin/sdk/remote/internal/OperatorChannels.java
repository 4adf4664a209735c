package io.halkyon.plugin.sdk.remote.internal;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsChannelCredentials;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.proto.internal.net.EventLoops;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;

/**
 * One channel to the operator per connection: made afresh each time, so a rotated CA file and
 * a changed DNS answer are picked up, and ended with the stream.
 */
public final class OperatorChannels {

    /** How long the operator has to answer a keepalive ping (its own is 5 s too). */
    static final Duration KEEP_ALIVE_TIMEOUT = Duration.ofSeconds(5);

    private OperatorChannels() {
    }

    /**
     * @param caFile null for the JVM's default CAs (ignored without TLS)
     * @throws PluginException naming the plugin and the CA file when it cannot be read or holds no
     *                         certificate, or when unix sockets are not available here
     */
    public static ManagedChannel open(String pluginName, Target target, boolean tls, Path caFile, String serverName,
                                      Duration keepAliveTime, int maxMessageSize) {
        ChannelCredentials credentials = tls ? tlsCredentials(pluginName, caFile) : InsecureChannelCredentials.create();
        ManagedChannelBuilder<?> builder;
        if (target.isUnix()) {
            if (!EventLoops.unixSocketsAvailable()) {
                throw new PluginException(pluginName, "remote plugin '" + pluginName + "': cannot dial " + target
                        + ": unix sockets need netty's native epoll transport, not available here");
            }
            builder = Grpc.newChannelBuilder("unix:" + target.unixPath(), credentials);
        } else {
            builder = Grpc.newChannelBuilderForAddress(target.host(), target.port(), credentials);
        }
        if (serverName != null) {
            builder.overrideAuthority(serverName);
        }
        return builder.keepAliveTime(keepAliveTime.toMillis(), TimeUnit.MILLISECONDS)
                .keepAliveTimeout(KEEP_ALIVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .maxInboundMessageSize(maxMessageSize)
                .build();
    }

    private static ChannelCredentials tlsCredentials(String pluginName, Path caFile) {
        if (caFile == null) {
            return TlsChannelCredentials.create();
        }
        try (InputStream in = Files.newInputStream(caFile)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new PluginException(pluginName, "remote plugin '" + pluginName + "': the CA file " + caFile
                        + " holds no certificate; expected PEM certificates");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            return TlsChannelCredentials.newBuilder().trustManager(trust.getTrustManagers()).build();
        } catch (IOException | GeneralSecurityException e) {
            throw new PluginException(pluginName, "remote plugin '" + pluginName + "': cannot use the CA file " + caFile
                    + ": " + e.getMessage() + "; expected PEM certificates", e);
        }
    }

    /** Ends the channel and its connection without waiting more than a moment. */
    public static void close(ManagedChannel channel) {
        channel.shutdownNow();
        try {
            channel.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
