package io.halkyon.plugin.host.remote;

import io.halkyon.plugin.host.PluginCallObserver;
import io.halkyon.plugin.host.internal.ConfigChecks;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link RemotePluginServer} listens and treats its peers. Immutable; made with
 * {@link #builder(RemoteAccess)}.
 *
 * <p>Defaults (the only place they are listed):
 * <table>
 *   <caption>Settings and their defaults</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code access}</td><td>none: required</td><td>checks each stream's token and the name
 *       it registers ({@link RemoteAccess})</td></tr>
 *   <tr><td>{@code address}</td><td>{@code 127.0.0.1:0} (a free port)</td><td>TCP address to listen on,
 *       or a unix socket ({@link Builder#unixSocket(Path)})</td></tr>
 *   <tr><td>{@code tls}</td><td>none: plaintext</td><td>certificate chain and private key files (PEM),
 *       read again when they change, so a rotated cert-manager Secret is served without a restart</td></tr>
 *   <tr><td>{@code allowInsecure}</td><td>false</td><td>plaintext is refused on any address but loopback
 *       and unix sockets unless this is set (a TLS-terminating proxy in front on another interface)</td></tr>
 *   <tr><td>{@code callTimeout}</td><td>30 s</td><td>deadline of a call that sets none</td></tr>
 *   <tr><td>{@code maxMessageSize}</td><td>16 MiB</td><td>largest stream message accepted; a larger
 *       one ends that stream with {@code RESOURCE_EXHAUSTED}</td></tr>
 *   <tr><td>{@code registerTimeout}</td><td>10 s</td><td>time from the stream's start to its
 *       {@code register} message</td></tr>
 *   <tr><td>{@code keepAliveTime}</td><td>10 s</td><td>idle time after which the server pings a peer</td></tr>
 *   <tr><td>{@code keepAliveTimeout}</td><td>5 s</td><td>a peer that does not answer a ping within it is
 *       dropped: a dead peer is noticed within keepAliveTime + keepAliveTimeout</td></tr>
 *   <tr><td>{@code reviewCacheTime}</td><td>10 s</td><td>how long an access answer is reused for new
 *       streams; open streams are checked again this often, without the cache, so a revoked token or
 *       permission ends them within this time</td></tr>
 *   <tr><td>{@code forgetAfter}</td><td>5 min</td><td>how long a plugin with no connection left stays
 *       listed ({@link io.halkyon.plugin.host.PluginState#DISCONNECTED}), so its callers fail as
 *       temporarily unavailable rather than "no such plugin" while it comes back</td></tr>
 *   <tr><td>{@code callObserver}</td><td>{@link PluginCallObserver#NONE}</td><td>told of every call to
 *       an admitted remote plugin (method, outcome, duration), for metrics</td></tr>
 * </table>
 */
public final class RemotePluginServerConfig {

    /** Largest message accepted by default: 16 MiB, as for child processes. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 16 * 1024 * 1024;
    /** The default {@code reviewCacheTime}: how long a token's review is reused. */
    public static final Duration DEFAULT_REVIEW_CACHE_TIME = Duration.ofSeconds(10);
    /** The default {@code forgetAfter}: how long a remote plugin with no replica stays listed. */
    public static final Duration DEFAULT_FORGET_AFTER = Duration.ofMinutes(5);

    private static final ConfigChecks CHECK = new ConfigChecks("RemotePluginServerConfig");

    private final RemoteAccess access;
    private final InetSocketAddress address;
    private final Path unixSocket;
    private final Path certFile;
    private final Path keyFile;
    private final boolean allowInsecure;
    private final Duration callTimeout;
    private final int maxMessageSize;
    private final Duration registerTimeout;
    private final Duration keepAliveTime;
    private final Duration keepAliveTimeout;
    private final Duration reviewCacheTime;
    private final Duration forgetAfter;
    private final PluginCallObserver callObserver;

    private RemotePluginServerConfig(Builder b) {
        this.access = b.access;
        this.address = b.address;
        this.unixSocket = b.unixSocket;
        this.certFile = b.certFile;
        this.keyFile = b.keyFile;
        this.allowInsecure = b.allowInsecure;
        this.callTimeout = b.callTimeout;
        this.maxMessageSize = b.maxMessageSize;
        this.registerTimeout = b.registerTimeout;
        this.keepAliveTime = b.keepAliveTime;
        this.keepAliveTimeout = b.keepAliveTimeout;
        this.reviewCacheTime = b.reviewCacheTime;
        this.forgetAfter = b.forgetAfter;
        this.callObserver = b.callObserver;
    }

    /** A builder with the defaults above and this access check. */
    public static Builder builder(RemoteAccess access) {
        return new Builder(access);
    }

    public RemoteAccess access() {
        return access;
    }

    /** The TCP address to listen on; empty when listening on a unix socket. */
    public Optional<InetSocketAddress> address() {
        return Optional.ofNullable(address);
    }

    /** The unix socket to listen on; empty when listening on TCP. */
    public Optional<Path> unixSocket() {
        return Optional.ofNullable(unixSocket);
    }

    /** The certificate chain file (PEM) when serving TLS. */
    public Optional<Path> certFile() {
        return Optional.ofNullable(certFile);
    }

    /** The private key file (PEM: PKCS#8, PKCS#1 RSA or SEC1 EC) when serving TLS. */
    public Optional<Path> keyFile() {
        return Optional.ofNullable(keyFile);
    }

    public boolean tls() {
        return certFile != null;
    }

    public boolean allowInsecure() {
        return allowInsecure;
    }

    public Duration callTimeout() {
        return callTimeout;
    }

    public int maxMessageSize() {
        return maxMessageSize;
    }

    public Duration registerTimeout() {
        return registerTimeout;
    }

    public Duration keepAliveTime() {
        return keepAliveTime;
    }

    public Duration keepAliveTimeout() {
        return keepAliveTimeout;
    }

    public Duration reviewCacheTime() {
        return reviewCacheTime;
    }

    public Duration forgetAfter() {
        return forgetAfter;
    }

    /** Told of every call to an admitted remote plugin ({@link PluginCallObserver#NONE} unless set). */
    public PluginCallObserver callObserver() {
        return callObserver;
    }

    /** Builds a {@link RemotePluginServerConfig}; every setter checks its argument at once. */
    public static final class Builder {
        private final RemoteAccess access;
        private InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        private Path unixSocket;
        private Path certFile;
        private Path keyFile;
        private boolean allowInsecure;
        private Duration callTimeout = Duration.ofSeconds(30);
        private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private Duration registerTimeout = Duration.ofSeconds(10);
        private Duration keepAliveTime = Duration.ofSeconds(10);
        private Duration keepAliveTimeout = Duration.ofSeconds(5);
        private Duration reviewCacheTime = DEFAULT_REVIEW_CACHE_TIME;
        private Duration forgetAfter = DEFAULT_FORGET_AFTER;
        private PluginCallObserver callObserver = PluginCallObserver.NONE;

        private Builder(RemoteAccess access) {
            this.access = Objects.requireNonNull(access, "RemotePluginServerConfig.access");
        }

        /** Listen on this TCP address (port 0: a free one, see {@link RemotePluginServer#address()}). */
        public Builder address(InetSocketAddress address) {
            this.address = Objects.requireNonNull(address, "RemotePluginServerConfig.address");
            this.unixSocket = null;
            return this;
        }

        /** Listen on this unix socket instead of TCP (behind a proxy in the same pod). */
        public Builder unixSocket(Path socket) {
            this.unixSocket = Objects.requireNonNull(socket, "RemotePluginServerConfig.unixSocket");
            this.address = null;
            return this;
        }

        /** Serve TLS with these PEM files, read again whenever they change. */
        public Builder tls(Path certFile, Path keyFile) {
            this.certFile = Objects.requireNonNull(certFile, "RemotePluginServerConfig.certFile");
            this.keyFile = Objects.requireNonNull(keyFile, "RemotePluginServerConfig.keyFile");
            return this;
        }

        public Builder allowInsecure(boolean allow) {
            this.allowInsecure = allow;
            return this;
        }

        public Builder callTimeout(Duration timeout) {
            CHECK.positive("callTimeout", timeout);
            this.callTimeout = timeout;
            return this;
        }

        public Builder maxMessageSize(int bytes) {
            if (bytes < 1024) {
                throw CHECK.bad("maxMessageSize", "must be at least 1024 bytes", bytes);
            }
            this.maxMessageSize = bytes;
            return this;
        }

        public Builder registerTimeout(Duration timeout) {
            CHECK.positive("registerTimeout", timeout);
            this.registerTimeout = timeout;
            return this;
        }

        public Builder keepAliveTime(Duration time) {
            CHECK.positive("keepAliveTime", time);
            this.keepAliveTime = time;
            return this;
        }

        public Builder keepAliveTimeout(Duration timeout) {
            CHECK.positive("keepAliveTimeout", timeout);
            this.keepAliveTimeout = timeout;
            return this;
        }

        public Builder reviewCacheTime(Duration time) {
            CHECK.positive("reviewCacheTime", time);
            this.reviewCacheTime = time;
            return this;
        }

        public Builder forgetAfter(Duration time) {
            CHECK.positive("forgetAfter", time);
            this.forgetAfter = time;
            return this;
        }

        /**
         * @throws IllegalArgumentException when plaintext would listen on a non-loopback TCP address
         *         without {@link #allowInsecure(boolean)}
         */
        /** Told of every call to an admitted remote plugin, for metrics (see {@link PluginCallObserver}). */
        public Builder callObserver(PluginCallObserver observer) {
            this.callObserver = Objects.requireNonNull(observer, "callObserver");
            return this;
        }

        public RemotePluginServerConfig build() {
            if (certFile == null && address != null && !allowInsecure && (address.getAddress() == null || !address.getAddress().isLoopbackAddress())) {
                throw CHECK.bad("address", "must be a loopback address for a plaintext server (set tls(cert, key), "
                        + "or allowInsecure(true) behind a TLS-terminating proxy)", address);
            }
            return new RemotePluginServerConfig(this);
        }
    }
}
