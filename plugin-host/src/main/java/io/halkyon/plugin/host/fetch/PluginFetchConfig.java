package io.halkyon.plugin.host.fetch;

import io.halkyon.plugin.host.fetch.internal.LogText;
import io.halkyon.plugin.host.fetch.internal.Platform;
import io.halkyon.plugin.host.internal.ConfigChecks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * How {@link PluginFetcher} turns plugin references into files. Immutable; made with
 * {@link #builder()}.
 *
 * <p>Defaults (the only place they are listed):
 * <table>
 *   <caption>Settings and their defaults</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code releaseUrlTemplate}</td><td>{@value #DEFAULT_RELEASE_URL_TEMPLATE}</td>
 *       <td>what {@code owner/repo@tag} expands to; placeholders {@code {owner}}, {@code {repo}},
 *       {@code {tag}} (required), {@code {os}} and {@code {arch}}. Ending in {@code .jar} fetches a
 *       jar.</td></tr>
 *   <tr><td>{@code os}</td><td>{@code linux}</td><td>the value of {@code {os}}</td></tr>
 *   <tr><td>{@code arch}</td><td>{@link #DEFAULT_ARCH}: this JVM's {@code os.arch} as Go's
 *       {@code GOARCH} names it ({@code amd64}, {@code arm64}, {@code 386}, {@code arm},
 *       {@code ppc64le}, {@code s390x}...; the mapping is in the {@code internal.Platform}
 *       class)</td><td>the value of {@code {arch}}</td></tr>
 *   <tr><td>{@code proxyEnvironment}</td><td>{@link System#getenv()}</td><td>where the proxies are
 *       read from: {@code https_proxy}/{@code HTTPS_PROXY}, {@code http_proxy}/{@code HTTP_PROXY},
 *       {@code no_proxy}/{@code NO_PROXY}, as curl and Go read them (lowercase wins; {@code NO_PROXY}
 *       entries {@code *}, {@code host} (and names under it), {@code .domain} (names under it),
 *       IP literals, CIDR blocks, each with an optional {@code :port}); loopback is never proxied;
 *       only {@code http://} proxies (the JDK client speaks no other); credentials
 *       ({@code http://user:password@proxy:3128}) are sent as {@code Proxy-Authorization: Basic}
 *       only if the JVM allows Basic on CONNECT tunnels ({@code -Djdk.http.auth.tunneling.disabledSchemes=},
 *       not the JDK default), else a download through that proxy fails saying so. Pass an empty
 *       map for no proxy</td></tr>
 *   <tr><td>{@code sslContext}</td><td>the JDK's default (its trust store)</td><td>TLS of
 *       {@code https://} downloads, e.g. to trust a private CA</td></tr>
 *   <tr><td>{@code tokenFile}</td><td>none</td><td>a file holding a bearer token (a mounted Secret),
 *       read again at every request that carries it (at most 16 KiB, trimmed, printable ASCII);
 *       sent as {@code Authorization: Bearer} only to {@code tokenHosts}, never on a redirect to
 *       another origin, never over plain {@code http://} except to loopback; never logged</td></tr>
 *   <tr><td>{@code tokenHosts}</td><td>the host of {@code releaseUrlTemplate}</td><td>the hosts the
 *       token is sent to (names or IP literals as in URLs, no port); needed when that host has a
 *       placeholder or the template is {@code file:}</td></tr>
 *   <tr><td>{@code checksumsFileName}</td><td>{@code checksums.txt}</td><td>looked up next to the
 *       asset of a release reference (lines {@code <sha256>  <file name>}); a 404 means the release
 *       has none</td></tr>
 *   <tr><td>{@code connectTimeout}</td><td>10 s</td><td>TCP/TLS connect of each request</td></tr>
 *   <tr><td>{@code attemptTimeout}</td><td>2 min</td><td>one try at one reference: its checksums
 *       file and artifact requests together, redirects and bodies included; a server that stalls or
 *       drips is cut off here</td></tr>
 *   <tr><td>{@code totalTimeout}</td><td>5 min</td><td>one {@link PluginFetcher#fetchAll} call,
 *       tries and backoff included: references not done by then fail (how long fetching can hold up
 *       a start)</td></tr>
 *   <tr><td>{@code parallelism}</td><td>4</td><td>references fetched at once (1 to 64)</td></tr>
 *   <tr><td>{@code attempts}</td><td>3</td><td>tries per reference and run for failures that may
 *       pass (I/O errors, timeouts, truncated bodies, HTTP 5xx, 408 and 429); a 4xx or a checksum
 *       mismatch is not retried within the run</td></tr>
 *   <tr><td>{@code initialBackoff}</td><td>1 s</td><td>wait before the 2nd try, doubling after
 *       each, capped at {@code maxBackoff}</td></tr>
 *   <tr><td>{@code maxBackoff}</td><td>30 s</td><td></td></tr>
 *   <tr><td>{@code progressEvery}</td><td>8 MiB</td><td>a progress line is logged each time this
 *       many more bytes arrived</td></tr>
 *   <tr><td>{@code maxArtifactSize}</td><td>1 GiB</td><td>largest download (or {@code file:}
 *       artifact), and largest total unpacked from one tarball (so also the largest file in it)</td></tr>
 *   <tr><td>{@code maxTextSize}</td><td>1 MiB</td><td>largest checksums file read</td></tr>
 *   <tr><td>{@code maxTarEntries}</td><td>1000</td><td>most entries (files, directories, anything)
 *       in one tarball</td></tr>
 * </table>
 *
 * <p>Fixed limits: at most 5 redirects per request; a tarball's extended headers (PAX records,
 * GNU long names) at most 64 KiB each, 1 MiB together and 8 in a row, and 32 header records per
 * entry (sparse extensions included); a fetch record read at most
 * 1 MiB; response headers are bounded by the JDK ({@code jdk.http.maxHeaderSize}, 384 KiB).
 *
 * <p>{@link Builder#build()} throws {@link IllegalArgumentException} naming the bad field.
 */
public final class PluginFetchConfig {

    /** The default {@code attemptTimeout}: one try at one reference. */
    public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofMinutes(2);
    /** The default {@code totalTimeout}: the most fetching may hold up a start. */
    public static final Duration DEFAULT_TOTAL_TIMEOUT = Duration.ofMinutes(5);
    /** The default {@code parallelism}: references fetched at once. */
    public static final int DEFAULT_PARALLELISM = 4;

    /** The default {@code arch}: this JVM's architecture as Go names it. */
    public static final String DEFAULT_ARCH = Platform.goArch();

    /** The original Halkyon release layout. */
    public static final String DEFAULT_RELEASE_URL_TEMPLATE =
            "https://github.com/{owner}/{repo}/releases/download/{tag}/halkyon_plugin_{os}.tar.gz";

    private final String releaseUrlTemplate;
    private final String os;
    private final String arch;
    private final Map<String, String> proxyEnvironment;
    private final SSLContext sslContext;
    private final Path tokenFile;
    private final Set<String> givenTokenHosts;
    private final Set<String> tokenHosts;
    private final String checksumsFileName;
    private final Duration connectTimeout;
    private final Duration attemptTimeout;
    private final Duration totalTimeout;
    private final int parallelism;
    private final int attempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final long progressEvery;
    private final long maxArtifactSize;
    private final long maxTextSize;
    private final int maxTarEntries;

    private PluginFetchConfig(Builder b) {
        this.releaseUrlTemplate = b.releaseUrlTemplate;
        this.os = b.os;
        this.arch = b.arch;
        this.proxyEnvironment = Map.copyOf(b.proxyEnvironment);
        this.sslContext = b.sslContext;
        this.tokenFile = b.tokenFile;
        this.givenTokenHosts = Set.copyOf(b.tokenHosts);
        this.tokenHosts = b.effectiveTokenHosts();
        this.checksumsFileName = b.checksumsFileName;
        this.connectTimeout = b.connectTimeout;
        this.attemptTimeout = b.attemptTimeout;
        this.totalTimeout = b.totalTimeout;
        this.parallelism = b.parallelism;
        this.attempts = b.attempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.progressEvery = b.progressEvery;
        this.maxArtifactSize = b.maxArtifactSize;
        this.maxTextSize = b.maxTextSize;
        this.maxTarEntries = b.maxTarEntries;
    }

    /** A builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** Every default. */
    public static PluginFetchConfig defaults() {
        return builder().build();
    }

    /** A builder holding this config's values. */
    public Builder toBuilder() {
        return new Builder().releaseUrlTemplate(releaseUrlTemplate).os(os).arch(arch)
                .proxyEnvironment(proxyEnvironment).sslContext(sslContext).tokenFile(tokenFile)
                .tokenHosts(givenTokenHosts).checksumsFileName(checksumsFileName)
                .connectTimeout(connectTimeout).attemptTimeout(attemptTimeout).totalTimeout(totalTimeout)
                .parallelism(parallelism).attempts(attempts).initialBackoff(initialBackoff).maxBackoff(maxBackoff)
                .progressEvery(progressEvery).maxArtifactSize(maxArtifactSize).maxTextSize(maxTextSize)
                .maxTarEntries(maxTarEntries);
    }

    public String releaseUrlTemplate() {
        return releaseUrlTemplate;
    }

    public String os() {
        return os;
    }

    /** The value of {@code {arch}}. */
    public String arch() {
        return arch;
    }

    /** The environment the proxies are read from. */
    public Map<String, String> proxyEnvironment() {
        return proxyEnvironment;
    }

    /** The TLS context of downloads; empty for the JDK's default. */
    public Optional<SSLContext> sslContext() {
        return Optional.ofNullable(sslContext);
    }

    /** The file holding the bearer token, if one is sent. */
    public Optional<Path> tokenFile() {
        return Optional.ofNullable(tokenFile);
    }

    /** The hosts the token is sent to, lowercase: as given, else the release URL template's host (empty without a token file). */
    public Set<String> tokenHosts() {
        return tokenHosts;
    }

    public String checksumsFileName() {
        return checksumsFileName;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration attemptTimeout() {
        return attemptTimeout;
    }

    public Duration totalTimeout() {
        return totalTimeout;
    }

    public int parallelism() {
        return parallelism;
    }

    public int attempts() {
        return attempts;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** Bytes between two progress lines. */
    public long progressEvery() {
        return progressEvery;
    }

    /** Largest download, and largest total unpacked from one tarball, in bytes. */
    public long maxArtifactSize() {
        return maxArtifactSize;
    }

    /** Largest checksums file read, in bytes. */
    public long maxTextSize() {
        return maxTextSize;
    }

    /** Most entries in one tarball. */
    public int maxTarEntries() {
        return maxTarEntries;
    }

    /** The backoff before try number {@code attempt + 1} (attempt counts from 1). */
    public Duration backoffAfter(int attempt) {
        Duration d = initialBackoff;
        for (int i = 1; i < attempt && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    @Override
    public String toString() {
        return "PluginFetchConfig{releaseUrlTemplate=" + releaseUrlTemplate + ", os=" + os + ", arch=" + arch
                + ", tokenFile=" + tokenFile + ", tokenHosts=" + tokenHosts + ", checksumsFileName="
                + checksumsFileName + ", connectTimeout=" + connectTimeout + ", attemptTimeout=" + attemptTimeout
                + ", totalTimeout=" + totalTimeout + ", parallelism=" + parallelism + ", attempts=" + attempts
                + ", initialBackoff=" + initialBackoff + ", maxBackoff=" + maxBackoff + ", progressEvery="
                + progressEvery + ", maxArtifactSize=" + maxArtifactSize + ", maxTextSize=" + maxTextSize
                + ", maxTarEntries=" + maxTarEntries + '}';
    }

    /** Builds a {@link PluginFetchConfig}; every setter returns this builder. */
    public static final class Builder {

        private static final ConfigChecks CHECKS = new ConfigChecks("PluginFetchConfig");

        private String releaseUrlTemplate = DEFAULT_RELEASE_URL_TEMPLATE;
        private String os = "linux";
        private String arch = DEFAULT_ARCH;
        private Map<String, String> proxyEnvironment = System.getenv();
        private SSLContext sslContext;
        private Path tokenFile;
        private Set<String> tokenHosts = Set.of();
        private String checksumsFileName = "checksums.txt";
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration attemptTimeout = DEFAULT_ATTEMPT_TIMEOUT;
        private Duration totalTimeout = DEFAULT_TOTAL_TIMEOUT;
        private int parallelism = DEFAULT_PARALLELISM;
        private int attempts = 3;
        private Duration initialBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private long progressEvery = 8L * 1024 * 1024;
        private long maxArtifactSize = 1024L * 1024 * 1024;
        private long maxTextSize = 1024L * 1024;
        private int maxTarEntries = 1000;

        private Builder() {
        }

        public Builder releaseUrlTemplate(String template) {
            this.releaseUrlTemplate = template;
            return this;
        }

        public Builder os(String os) {
            this.os = os;
            return this;
        }

        public Builder arch(String arch) {
            this.arch = arch;
            return this;
        }

        /** The environment variables proxies are read from; an empty map for none. */
        public Builder proxyEnvironment(Map<String, String> environment) {
            this.proxyEnvironment = environment;
            return this;
        }

        /** TLS for downloads; null for the JDK's default. */
        public Builder sslContext(SSLContext context) {
            this.sslContext = context;
            return this;
        }

        /** The file holding a bearer token; null for none. */
        public Builder tokenFile(Path file) {
            this.tokenFile = file;
            return this;
        }

        /** The hosts the token is for; empty for the release URL template's host. */
        public Builder tokenHosts(Set<String> hosts) {
            this.tokenHosts = hosts;
            return this;
        }

        public Builder checksumsFileName(String fileName) {
            this.checksumsFileName = fileName;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public Builder attemptTimeout(Duration timeout) {
            this.attemptTimeout = timeout;
            return this;
        }

        public Builder totalTimeout(Duration timeout) {
            this.totalTimeout = timeout;
            return this;
        }

        public Builder parallelism(int references) {
            this.parallelism = references;
            return this;
        }

        public Builder attempts(int attempts) {
            this.attempts = attempts;
            return this;
        }

        public Builder initialBackoff(Duration backoff) {
            this.initialBackoff = backoff;
            return this;
        }

        public Builder maxBackoff(Duration backoff) {
            this.maxBackoff = backoff;
            return this;
        }

        public Builder progressEvery(long bytes) {
            this.progressEvery = bytes;
            return this;
        }

        public Builder maxArtifactSize(long bytes) {
            this.maxArtifactSize = bytes;
            return this;
        }

        public Builder maxTextSize(long bytes) {
            this.maxTextSize = bytes;
            return this;
        }

        public Builder maxTarEntries(int entries) {
            this.maxTarEntries = entries;
            return this;
        }

        /** Validates and builds; the exception names the bad field and what was expected. */
        public PluginFetchConfig build() {
            if (releaseUrlTemplate != null && !LogText.withoutCredentials(releaseUrlTemplate).equals(releaseUrlTemplate)) {
                throw CHECKS.bad("releaseUrlTemplate", "must not carry credentials (user:token@): the fetcher sends none,"
                        + " and they would be logged", LogText.withoutCredentials(releaseUrlTemplate));
            }
            if (releaseUrlTemplate == null || !releaseUrlTemplate.contains("{tag}")) {
                throw CHECKS.bad("releaseUrlTemplate", "must contain the placeholder {tag}", releaseUrlTemplate);
            }
            String lower = releaseUrlTemplate.toLowerCase(java.util.Locale.ROOT);
            if (!lower.startsWith("https://") && !lower.startsWith("http://") && !lower.startsWith("file:")) {
                throw CHECKS.bad("releaseUrlTemplate", "must start with https://, http:// (loopback only) or file:",
                        releaseUrlTemplate);
            }
            if (os == null || !os.matches("[A-Za-z0-9_.-]+")) {
                throw CHECKS.bad("os", "must be a non-empty word of letters, digits, '_', '.' or '-'", os);
            }
            if (arch == null || !arch.matches("[A-Za-z0-9_.-]+")) {
                throw CHECKS.bad("arch", "must be a non-empty word of letters, digits, '_', '.' or '-'", arch);
            }
            if (proxyEnvironment == null) {
                throw CHECKS.bad("proxyEnvironment", "must be a map of environment variables (empty for no proxy)",
                        null);
            }
            if (tokenHosts == null || tokenHosts.stream().anyMatch(h -> h == null || !HOST.matcher(h).matches())) {
                throw CHECKS.bad("tokenHosts", "must be host names or IP literals ([::1] for IPv6), without a port",
                        tokenHosts);
            }
            if (tokenFile != null) {
                effectiveTokenHosts();
            }
            if (checksumsFileName == null || checksumsFileName.isBlank() || checksumsFileName.contains("/")) {
                throw CHECKS.bad("checksumsFileName", "must be a plain file name", checksumsFileName);
            }
            CHECKS.positive("connectTimeout", connectTimeout);
            CHECKS.positive("attemptTimeout", attemptTimeout);
            CHECKS.positive("totalTimeout", totalTimeout);
            if (parallelism < 1 || parallelism > 64) {
                throw CHECKS.bad("parallelism", "must be between 1 and 64", parallelism);
            }
            if (attempts < 1) {
                throw CHECKS.bad("attempts", "must be at least 1", attempts);
            }
            CHECKS.notNegative("initialBackoff", initialBackoff);
            CHECKS.notNegative("maxBackoff", maxBackoff);
            if (progressEvery < 1) {
                throw CHECKS.bad("progressEvery", "must be at least 1 byte", progressEvery);
            }
            if (maxArtifactSize < 1) {
                throw CHECKS.bad("maxArtifactSize", "must be at least 1 byte", maxArtifactSize);
            }
            if (maxTextSize < 1 || maxTextSize > Integer.MAX_VALUE - 8) {
                throw CHECKS.bad("maxTextSize", "must be between 1 byte and 2 GiB", maxTextSize);
            }
            if (maxTarEntries < 1) {
                throw CHECKS.bad("maxTarEntries", "must be at least 1", maxTarEntries);
            }
            return new PluginFetchConfig(this);
        }

        private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+]");
        private static final Pattern TEMPLATE_HOST = Pattern.compile("(?i)https?://([^/:?#]*)");

        private Set<String> effectiveTokenHosts() {
            if (tokenFile == null) {
                return Set.of();
            }
            Set<String> hosts = new LinkedHashSet<>();
            if (tokenHosts.isEmpty()) {
                Matcher m = TEMPLATE_HOST.matcher(releaseUrlTemplate);
                if (!m.lookingAt() || !HOST.matcher(m.group(1)).matches()) {
                    throw CHECKS.bad("tokenHosts", "must be given with tokenFile when the releaseUrlTemplate has no"
                            + " fixed host (" + releaseUrlTemplate + ")", tokenHosts);
                }
                hosts.add(m.group(1).toLowerCase(Locale.ROOT));
            } else {
                tokenHosts.forEach(h -> hosts.add(h.toLowerCase(Locale.ROOT)));
            }
            return Set.copyOf(hosts);
        }
    }
}
