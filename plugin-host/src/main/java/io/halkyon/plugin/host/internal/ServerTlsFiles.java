package io.halkyon.plugin.host.internal;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.halkyon.plugin.api.PluginException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Date;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TLS server identity from a PEM certificate chain file and a PEM private key file, read again
 * when they change: a cert-manager Secret mounted as a volume (which the kubelet replaces by
 * swapping a {@code ..data} symlink) or files an admin moves into place are served to new
 * connections without a restart; open connections keep the certificate they started with.
 *
 * <p>Files: the chain holds one or more {@code CERTIFICATE} blocks, the server's own first; the key
 * is one unencrypted {@code PRIVATE KEY} (PKCS#8), {@code RSA PRIVATE KEY} (PKCS#1) or
 * {@code EC PRIVATE KEY} (SEC1) block, RSA or EC (EdDSA is refused: netty's OpenSSL engine cannot
 * serve it), and must be the key of the first certificate. Each must be a regular file (symlinks
 * to one are followed) of at most 1 MiB. A certificate that is expired or not yet valid is served
 * with a warning: refusing it would not bring a valid one sooner.
 *
 * <p>Reloading: at the start of a TLS handshake, at most once per {@link #CHECK_INTERVAL}, both
 * files are looked at with a stat (real path after symlinks, file key, modification time, size).
 * When any of these changed they are read and checked again: a good new pair is served from then
 * on and logged at INFO (subject, serial, notAfter); a bad one (half-written, certificate and key
 * from different rotations, missing) is logged at ERROR naming both files, once per change, and
 * the pair served before stays served until a good one appears. The stat is taken before the
 * read, so files that change while being read are read again at the next check. The check runs
 * on the handshaking thread (a netty event loop): a stat of two files per second at most, and a
 * read of at most 2 MiB when they changed. No background thread, nothing to close.
 *
 * <p>The context: TLS 1.3 and 1.2 only, grpc's ALPN ({@code h2}) and cipher suites
 * ({@link GrpcSslContexts#configure}), engine as grpc chooses (netty's OpenSSL when available),
 * no client certificate asked for (remote plugins authenticate with a bearer token). For
 * {@code NettyServerBuilder.sslContext(...)}.
 *
 * <p>Thread-safe.
 */
public final class ServerTlsFiles {

    /** How often, at most, the files are looked at again. */
    public static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(ServerTlsFiles.class);
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private static final String ALIAS = "halkyon-server-tls-";

    /** The pair served now under its own alias, and the one before it (see {@link ReloadingKeyManager}). */
    record Served(String alias, TlsKeyPair pair, Served previous) {
        /** The pair known under {@code wanted}, or null when it is older than the previous one. */
        TlsKeyPair lookup(String wanted) {
            if (alias.equals(wanted)) {
                return pair;
            }
            return previous != null && previous.alias.equals(wanted) ? previous.pair : null;
        }
    }

    private final Path certFile;
    private final Path keyFile;
    private final LongSupplier nanoClock;
    private final SslContext sslContext;
    /** Held by the one handshake that looks at the files; the others go on with what is served. */
    private final ReentrantLock checking = new ReentrantLock();
    private volatile Served served;
    /** Guarded by {@link #checking}, as is {@link #generation}. */
    private long lastCheck;
    private long generation;
    /** Guarded by {@link #checking}: the files as they were when last read, successfully or not. */
    private FileStamps seen;

    ServerTlsFiles(Path certFile, Path keyFile, LongSupplier nanoClock, SslProvider provider) {
        this.certFile = Objects.requireNonNull(certFile, "certFile");
        this.keyFile = Objects.requireNonNull(keyFile, "keyFile");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.lastCheck = nanoClock.getAsLong();
        this.seen = FileStamps.of(certFile, keyFile);
        serve(TlsKeyPair.read(certFile, keyFile));
        this.sslContext = buildContext(provider);
    }

    /**
     * Reads and checks both files now, and logs the certificate served at INFO.
     *
     * @throws PluginException when a file is missing, unreadable, not a regular file, empty, larger
     *         than 1 MiB, not the expected PEM, or the key is not the first certificate's; its
     *         {@link PluginException#pluginName()} is the path of the file at fault, and its
     *         message names that file and says what was expected
     */
    public static ServerTlsFiles load(Path certFile, Path keyFile) {
        return new ServerTlsFiles(certFile, keyFile, System::nanoTime, null);
    }

    /**
     * The server context, the same on every call: each new handshake is served the current pair.
     * For {@code NettyServerBuilder.sslContext(...)}.
     */
    public SslContext sslContext() {
        return sslContext;
    }

    /** The certificate served to new connections now (without looking at the files). */
    public X509Certificate certificate() {
        return served.pair().leaf();
    }

    public Path certFile() {
        return certFile;
    }

    public Path keyFile() {
        return keyFile;
    }

    @Override
    public String toString() {
        return "ServerTlsFiles[" + certFile + ", " + keyFile + "]";
    }

    /** What is served, without looking at the files. */
    Served served() {
        return served;
    }

    /** What is served, after looking at the files if the last look is {@link #CHECK_INTERVAL} old. */
    Served checkedServed() {
        if (checking.tryLock()) {
            try {
                long now = nanoClock.getAsLong();
                if (now - lastCheck >= CHECK_INTERVAL.toNanos()) {
                    lastCheck = now;
                    reloadIfChanged();
                }
            } finally {
                checking.unlock();
            }
        }
        return served;
    }

    /**
     * Stamps are taken before reading: if the files change while they are read, the stamps
     * recorded differ from the files' next ones and the pair is read again at the next check.
     */
    private void reloadIfChanged() {
        FileStamps now = FileStamps.of(certFile, keyFile);
        if (now.equals(seen)) {
            return;
        }
        seen = now;
        TlsKeyPair pair;
        try {
            pair = TlsKeyPair.read(certFile, keyFile);
        } catch (PluginException e) {
            log.error("TLS files {} and {} changed but are not served; new connections keep getting {}: {}",
                    certFile, keyFile, TlsKeyPair.describe(served.pair().leaf()), e.getMessage());
            return;
        }
        if (!pair.sameAs(served.pair())) {
            serve(pair);
        }
    }

    private void serve(TlsKeyPair pair) {
        Served before = served;
        served = new Served(ALIAS + ++generation, pair,
                before == null ? null : new Served(before.alias(), before.pair(), null));
        X509Certificate leaf = pair.leaf();
        Date now = new Date();
        if (now.before(leaf.getNotBefore()) || now.after(leaf.getNotAfter())) {
            log.warn("TLS files {} and {}: serving a certificate that is not valid now (valid from {}): {}",
                    certFile, keyFile, leaf.getNotBefore().toInstant(), TlsKeyPair.describe(leaf));
        } else {
            log.info("TLS files {} and {}: serving {}", certFile, keyFile, TlsKeyPair.describe(leaf));
        }
    }

    /** @param provider null for grpc's choice (netty's OpenSSL when available, else the JDK's) */
    private SslContext buildContext(SslProvider provider) {
        SslContextBuilder builder = SslContextBuilder.forServer(new ReloadingKeyManager(this));
        try {
            return (provider == null ? GrpcSslContexts.configure(builder) : GrpcSslContexts.configure(builder, provider))
                    .clientAuth(ClientAuth.NONE)
                    .protocols(PROTOCOLS)
                    .build();
        } catch (SSLException | RuntimeException e) {
            throw new PluginException(certFile.toString(), "TLS files " + certFile + " and " + keyFile
                    + ": cannot set up a TLS server context: " + e.getMessage(), e);
        }
    }
}
