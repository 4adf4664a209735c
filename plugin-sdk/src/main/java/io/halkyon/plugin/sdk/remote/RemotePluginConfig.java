package io.halkyon.plugin.sdk.remote;

import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.halkyon.plugin.api.PluginResource;
import io.halkyon.plugin.proto.internal.remote.StreamRules;
import io.halkyon.plugin.sdk.internal.CapabilityServing;
import io.halkyon.plugin.sdk.internal.ErrorStatusInterceptor;
import io.halkyon.plugin.sdk.remote.internal.Target;
import io.halkyon.plugin.sdk.remote.internal.TokenSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a {@link RemotePlugin} reaches the operator and what it serves there
 * ({@code docs/protocol.md}, section 14). Immutable; made with {@link #builder()}.
 *
 * <pre>{@code
 * RemotePluginConfig config = RemotePluginConfig.builder()
 *         .name("postgres").version("1.4.0")
 *         .target("halkyon-operator.halkyon-system.svc:8443")
 *         .tls(Path.of("/etc/halkyon/ca.crt"))
 *         .capability(new PostgresResource())
 *         .build();
 * }</pre>
 *
 * <p>Settings and their defaults (the only place they are listed):
 * <table>
 *   <caption>RemotePluginConfig settings</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@link #name()}</td><td>none: required</td><td>the name the plugin registers; its replicas
 *       share it. 1 to 63 characters of {@code A-Z a-z 0-9 . _ -}. Also in every log line</td></tr>
 *   <tr><td>{@link #version()}</td><td>empty</td><td>the version it registers: at most 64 printable ASCII
 *       characters</td></tr>
 *   <tr><td>{@link #target()}</td><td>none: required</td><td>the operator's plugin server:
 *       {@code host:port} ({@code [::1]:8443} for IPv6) or {@code unix:/path/to/socket}</td></tr>
 *   <tr><td>transport</td><td>TLS, trusting the JVM's default CAs ({@link Builder#tlsSystemTrust()})</td>
 *       <td>{@link Builder#tls(Path)} trusts one CA file instead (PEM, read again at every connection, so a
 *       rotated CA is picked up); {@link Builder#plaintext()} sends the token in clear, only sane to a
 *       loopback address, a unix socket or through a mesh that encrypts (a warning is logged otherwise)</td></tr>
 *   <tr><td>{@link #serverName()}</td><td>the target's host</td><td>the name the operator's certificate
 *       must carry, when it differs from the host dialled</td></tr>
 *   <tr><td>token</td><td>the file {@value #DEFAULT_TOKEN_FILE}</td><td>sent as
 *       {@code authorization: Bearer <token>}. {@link Builder#tokenFile(Path)}: a file read again at every
 *       connection, and watched while connected ({@link #tokenCheckInterval()}), as the kubelet rotates it;
 *       mount a projected ServiceAccount token with the operator's audience ({@code halkyon-operator} unless
 *       configured otherwise) there.
 *       {@link Builder#staticToken(String)} for tests, {@link Builder#noToken()} for none</td></tr>
 *   <tr><td>services</td><td>none: at least one</td><td>the gRPC services served
 *       ({@link Builder#services(BindableService...)}, {@link Builder#capability(PluginResource)}); their
 *       full names are registered. Only their unary methods can be called</td></tr>
 *   <tr><td>{@link #maxConcurrentCalls()}</td><td>16</td><td>calls served at once; later ones wait their turn
 *       (within their deadlines), up to {@value #MAX_WAITING_CALLS} of them, and more are answered
 *       {@code RESOURCE_EXHAUSTED}</td></tr>
 *   <tr><td>{@link #initialBackoff()} / {@link #maxBackoff()}</td><td>0.5 s / 30 s</td><td>the wait before
 *       connecting again after a stream ends or cannot start: doubling from the first to the second at
 *       each failure in a row, each wait a random time between half and all of it (so replicas do not
 *       come back together); back to the first after a stream that was accepted (it carried a call other
 *       than the Capability {@code GetInfo}, which the operator sends before it admits a stream, or stayed
 *       open {@value #STABLE_SECONDS} s)</td></tr>
 *   <tr><td>{@link #keepAliveTime()}</td><td>10 s</td><td>idle time after which the plugin pings the operator;
 *       an answer must come within 5 s or the connection is dropped. At least 10 s (grpc-java's floor; the
 *       operator closes connections that ping more often than every 5 s)</td></tr>
 *   <tr><td>{@link #maxMessageSize()}</td><td>16 MiB</td><td>largest stream message accepted from the operator,
 *       and largest answer sent: a larger response is answered {@code RESOURCE_EXHAUSTED} instead, as the
 *       operator would end the stream on it</td></tr>
 *   <tr><td>{@link #drainTimeout()}</td><td>10 s</td><td>how long a stream that is left (at {@link RemotePlugin#close()},
 *       or for a rotated token) waits for its calls in flight to be answered after sending {@code drain}; those
 *       still running then are cancelled and not answered (the operator fails them {@code UNAVAILABLE}, retryable).
 *       0 to 1 h</td></tr>
 *   <tr><td>{@link #tokenCheckInterval()}</td><td>5 s</td><td>with a token file: how often its content is compared
 *       with the token of the open stream; when the kubelet rotated it, a second stream is opened with the new
 *       token and, once accepted (as for the backoff above), the first is drained (make-before-break, so no call
 *       is dropped). A new token the operator refuses leaves the first stream in use until the file changes
 *       again. 10 ms to 1 h</td></tr>
 * </table>
 */
public final class RemotePluginConfig {

    /** Where {@link Builder#tokenFile(Path)} reads by default: a projected ServiceAccount token. */
    public static final String DEFAULT_TOKEN_FILE = "/var/run/secrets/tokens/halkyon-operator";
    /** Default {@link #maxConcurrentCalls()}. */
    public static final int DEFAULT_MAX_CONCURRENT_CALLS = 16;
    /** Calls that may wait for a free slot; more are answered {@code RESOURCE_EXHAUSTED}. */
    public static final int MAX_WAITING_CALLS = 1024;
    /** Default {@link #initialBackoff()}. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
    /** Default {@link #maxBackoff()}. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
    /** Default {@link #keepAliveTime()}. */
    public static final Duration DEFAULT_KEEP_ALIVE_TIME = Duration.ofSeconds(10);
    /** Default {@link #maxMessageSize()}: 16 MiB, the operator's. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 16 * 1024 * 1024;
    /** Default {@link #drainTimeout()}. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);
    /** Default {@link #tokenCheckInterval()}. */
    public static final Duration DEFAULT_TOKEN_CHECK_INTERVAL = Duration.ofSeconds(5);
    /**
     * A stream open this long was accepted by the operator, which refuses within its first seconds (its
     * register timeout is 10 s too).
     */
    public static final int STABLE_SECONDS = 10;

    private static final int MAX_CONCURRENT_CALLS = 1024;
    private static final Duration MIN_KEEP_ALIVE_TIME = Duration.ofSeconds(10);
    private static final Duration MAX_DURATION = Duration.ofHours(1);

    private final String name;
    private final String version;
    private final Target target;
    private final boolean tls;
    private final Path caFile;
    private final String serverName;
    private final TokenSource tokens;
    private final List<ServerServiceDefinition> services;
    private final int maxConcurrentCalls;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration keepAliveTime;
    private final int maxMessageSize;
    private final Duration drainTimeout;
    private final Duration tokenCheckInterval;
    private final Duration acceptedAfter;

    private RemotePluginConfig(Builder b, List<ServerServiceDefinition> services) {
        this.name = b.name;
        this.version = b.version;
        this.target = b.target;
        this.tls = b.tls;
        this.caFile = b.caFile;
        this.serverName = b.serverName;
        this.tokens = b.tokens;
        this.services = services;
        this.maxConcurrentCalls = b.maxConcurrentCalls;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.keepAliveTime = b.keepAliveTime;
        this.maxMessageSize = b.maxMessageSize;
        this.drainTimeout = b.drainTimeout;
        this.tokenCheckInterval = b.tokenCheckInterval;
        this.acceptedAfter = b.acceptedAfter;
    }

    /** A builder with the defaults above. */
    public static Builder builder() {
        return new Builder();
    }

    /** The registered name. */
    public String name() {
        return name;
    }

    /** The registered version; may be empty. */
    public String version() {
        return version;
    }

    /** The operator's address as given: {@code host:port} or {@code unix:/path}. */
    public String target() {
        return target.text();
    }

    /** Whether the connection is TLS (else plaintext). */
    public boolean tls() {
        return tls;
    }

    /** The CA file trusted for TLS; empty with the JVM's default CAs, or plaintext. */
    public Optional<Path> caFile() {
        return Optional.ofNullable(caFile);
    }

    /** The name the operator's certificate must carry, when not the target's host. */
    public Optional<String> serverName() {
        return Optional.ofNullable(serverName);
    }

    /** The token file read at every connection; empty with a static token or none. */
    public Optional<Path> tokenFile() {
        return tokens.file();
    }

    /** The full names of the services served, as registered. */
    public List<String> serviceNames() {
        return services.stream().map(s -> s.getServiceDescriptor().getName()).toList();
    }

    public int maxConcurrentCalls() {
        return maxConcurrentCalls;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    public Duration keepAliveTime() {
        return keepAliveTime;
    }

    public int maxMessageSize() {
        return maxMessageSize;
    }

    public Duration drainTimeout() {
        return drainTimeout;
    }

    public Duration tokenCheckInterval() {
        return tokenCheckInterval;
    }

    /** When a stream that carried no call counts as accepted: {@value #STABLE_SECONDS} s, shorter in tests. */
    Duration acceptedAfter() {
        return acceptedAfter;
    }

    Target parsedTarget() {
        return target;
    }

    TokenSource tokenSource() {
        return tokens;
    }

    /** The services, each wrapped so what plugin code throws reaches the operator as a status. */
    List<ServerServiceDefinition> serviceDefinitions() {
        return services;
    }

    @Override
    public String toString() {
        return "RemotePluginConfig{name=" + name + ", version=" + version + ", target=" + target.text() + ", "
                + (tls ? "tls" + (caFile == null ? " (system trust)" : " (CA " + caFile + ")") : "plaintext")
                + (serverName == null ? "" : ", serverName=" + serverName) + ", token=" + tokens.describe()
                + ", services=" + serviceNames() + ", maxConcurrentCalls=" + maxConcurrentCalls + ", backoff="
                + initialBackoff + ".." + maxBackoff + ", keepAliveTime=" + keepAliveTime + ", maxMessageSize="
                + maxMessageSize + ", drainTimeout=" + drainTimeout + ", tokenCheckInterval=" + tokenCheckInterval + '}';
    }

    private static IllegalArgumentException bad(String problem) {
        return new IllegalArgumentException("RemotePluginConfig." + problem);
    }

    private static IllegalArgumentException bad(String field, String expected, Object actual) {
        return bad(field + " " + expected + ", was " + actual);
    }

    /** Builds a {@link RemotePluginConfig}; every setter checks its argument at once, naming the field. */
    public static final class Builder {
        private String name;
        private String version = "";
        private Target target;
        private boolean tls = true;
        private Path caFile;
        private String serverName;
        private TokenSource tokens = TokenSource.file(Path.of(DEFAULT_TOKEN_FILE));
        private final List<BindableService> services = new ArrayList<>();
        private int maxConcurrentCalls = DEFAULT_MAX_CONCURRENT_CALLS;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private Duration keepAliveTime = DEFAULT_KEEP_ALIVE_TIME;
        private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;
        private Duration tokenCheckInterval = DEFAULT_TOKEN_CHECK_INTERVAL;
        private Duration acceptedAfter = Duration.ofSeconds(STABLE_SECONDS);

        private Builder() {
        }

        /** The name to register (docs/protocol.md 14.2): 1 to 63 characters of {@code A-Z a-z 0-9 . _ -}. */
        public Builder name(String name) {
            Objects.requireNonNull(name, "RemotePluginConfig.name");
            StreamRules.nameProblem(name).ifPresent(problem -> {
                throw bad(problem + " (the name this plugin registers, docs/protocol.md 14.2)");
            });
            this.name = name;
            return this;
        }

        /** The version to register: at most 64 printable ASCII characters, may be empty. */
        public Builder version(String version) {
            Objects.requireNonNull(version, "RemotePluginConfig.version");
            StreamRules.versionProblem(version).ifPresent(problem -> {
                throw bad(problem);
            });
            this.version = version;
            return this;
        }

        /** The operator's plugin server: {@code host:port}, {@code [v6 address]:port} or {@code unix:/absolute/path}. */
        public Builder target(String target) {
            Objects.requireNonNull(target, "RemotePluginConfig.target");
            try {
                this.target = Target.parse(target);
            } catch (IllegalArgumentException e) {
                throw bad("target", e.getMessage(), "'" + target + "'");
            }
            return this;
        }

        /** TLS trusting only the CA certificates of this PEM file, read at every connection. */
        public Builder tls(Path caFile) {
            this.caFile = Objects.requireNonNull(caFile, "RemotePluginConfig.caFile");
            this.tls = true;
            return this;
        }

        /** TLS trusting the JVM's default CAs (the default). */
        public Builder tlsSystemTrust() {
            this.caFile = null;
            this.tls = true;
            return this;
        }

        /**
         * No TLS: the token travels in clear. For a loopback address or a unix socket (a proxy in the
         * same pod), or a mesh that encrypts; anything else is logged as a warning at start.
         */
        public Builder plaintext() {
            this.caFile = null;
            this.tls = false;
            return this;
        }

        /** The name the operator's certificate must carry (and the {@code :authority} sent), when not the target's host. */
        public Builder serverName(String serverName) {
            Objects.requireNonNull(serverName, "RemotePluginConfig.serverName");
            if (!serverName.matches("[A-Za-z0-9.:\\[\\]_-]{1,253}")) {
                throw bad("serverName", "must be a host name", "'" + serverName + "'");
            }
            this.serverName = serverName;
            return this;
        }

        /** Read the token from this file at every connection (the default is {@value RemotePluginConfig#DEFAULT_TOKEN_FILE}). */
        public Builder tokenFile(Path file) {
            this.tokens = TokenSource.file(Objects.requireNonNull(file, "RemotePluginConfig.tokenFile"));
            return this;
        }

        /** Send this token at every connection (tests; it never rotates). Never logged. */
        public Builder staticToken(String token) {
            Objects.requireNonNull(token, "RemotePluginConfig.staticToken");
            TokenSource.problem(token).ifPresent(problem -> {
                throw bad("staticToken " + problem);
            });
            this.tokens = TokenSource.fixed(token);
            return this;
        }

        /** Send no {@code authorization} header (an operator that checks tokens refuses the stream). */
        public Builder noToken() {
            this.tokens = TokenSource.none();
            return this;
        }

        /** Serve these services too (added to those already given). */
        public Builder services(BindableService... services) {
            Objects.requireNonNull(services, "RemotePluginConfig.services");
            for (BindableService service : services) {
                this.services.add(Objects.requireNonNull(service, "RemotePluginConfig.services: a null service"));
            }
            return this;
        }

        /**
         * Serve {@code resource} as the Capability service ({@code halkyon.capability.v1.CapabilityPlugin},
         * docs/protocol.md section 7), as {@code PluginServer.serve(resource)} does for a child process.
         * The resource describes itself once, now.
         *
         * @throws IllegalArgumentException when its category is blank, it has no types, or describing it fails
         */
        public Builder capability(PluginResource resource) {
            Objects.requireNonNull(resource, "RemotePluginConfig.capability");
            try {
                this.services.add(CapabilityServing.service(resource));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("RemotePluginConfig.capability (" + resource.getClass().getName()
                        + "): " + e.getMessage(), e);
            }
            return this;
        }

        /** Calls served at once: 1 to 1024. */
        public Builder maxConcurrentCalls(int calls) {
            if (calls < 1 || calls > MAX_CONCURRENT_CALLS) {
                throw bad("maxConcurrentCalls", "must be within 1.." + MAX_CONCURRENT_CALLS, calls);
            }
            this.maxConcurrentCalls = calls;
            return this;
        }

        /** The first wait before connecting again, and the most it doubles to: positive, initial &le; max &le; 1 h. */
        public Builder reconnectBackoff(Duration initial, Duration max) {
            checkDuration("initialBackoff", initial, Duration.ofMillis(1));
            checkDuration("maxBackoff", max, initial);
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /** Idle time before pinging the operator: 10 s to 1 h. */
        public Builder keepAliveTime(Duration time) {
            checkDuration("keepAliveTime", time, MIN_KEEP_ALIVE_TIME);
            this.keepAliveTime = time;
            return this;
        }

        /** Largest message accepted and answer sent: at least 1024 bytes. */
        public Builder maxMessageSize(int bytes) {
            if (bytes < 1024) {
                throw bad("maxMessageSize", "must be at least 1024 bytes", bytes);
            }
            this.maxMessageSize = bytes;
            return this;
        }

        /** How long a stream being left waits for its calls in flight to be answered: 0 to 1 h. */
        public Builder drainTimeout(Duration timeout) {
            checkDuration("drainTimeout", timeout, Duration.ZERO);
            this.drainTimeout = timeout;
            return this;
        }

        /** How often the token file is checked for a rotated token: 10 ms to 1 h. */
        public Builder tokenCheckInterval(Duration interval) {
            checkDuration("tokenCheckInterval", interval, Duration.ofMillis(10));
            this.tokenCheckInterval = interval;
            return this;
        }

        /** Tests: when a stream that carried no call counts as accepted. */
        Builder acceptedAfter(Duration time) {
            checkDuration("acceptedAfter", time, Duration.ofMillis(1));
            this.acceptedAfter = time;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the field: no name, no target, no service, two services of
         *                                  one name, or more services (or longer names) than a registration holds
         */
        public RemotePluginConfig build() {
            if (name == null) {
                throw bad("name is required: the name this plugin registers (docs/protocol.md 14.2)");
            }
            if (target == null) {
                throw bad("target is required: the operator's plugin server, host:port or unix:/path");
            }
            if (services.isEmpty()) {
                throw bad("services: nothing to serve; give services(...) or capability(...)");
            }
            List<ServerServiceDefinition> definitions = ErrorStatusInterceptor.wrap(name, services);
            List<String> names = definitions.stream().map(d -> d.getServiceDescriptor().getName()).toList();
            Set<String> seen = new HashSet<>();
            for (String service : names) {
                if (!seen.add(service)) {
                    throw bad("services: '" + service + "' given twice; expected each service once");
                }
            }
            StreamRules.servicesProblem(names).ifPresent(problem -> {
                throw bad(problem);
            });
            return new RemotePluginConfig(this, definitions);
        }

        private static void checkDuration(String field, Duration value, Duration min) {
            Objects.requireNonNull(value, "RemotePluginConfig." + field);
            if (value.compareTo(min) < 0 || value.compareTo(MAX_DURATION) > 0) {
                throw bad(field, "must be within " + min + ".." + MAX_DURATION, value);
            }
        }
    }
}
