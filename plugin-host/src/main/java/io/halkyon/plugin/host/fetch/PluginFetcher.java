package io.halkyon.plugin.host.fetch;

import io.halkyon.plugin.host.fetch.internal.BulkFetch;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Makes the artifacts of plugin references ({@code HALKYON_PLUGINS}) present in a plugins
 * directory: fetched, verified, unpacked, cached. Plugin sources are untrusted; every limit
 * below is set by {@link PluginFetchConfig}.
 *
 * <ul>
 *   <li><b>Verification</b>: against the reference's pinned {@code #sha256=}, else, for an
 *       {@code owner/repo@tag} release, against the release's checksums file when the server has
 *       one (a 404 means none: logged as unverified), else unverified with a warning. A mismatch
 *       is a {@link io.halkyon.plugin.api.PluginChecksumException}.</li>
 *   <li><b>Atomicity</b>: the artifact is written to a temporary file under
 *       {@code <pluginsDir>/.halkyon-fetch/} and renamed into place only once complete and verified;
 *       a tarball is unpacked into a staging directory there first (regular files and directories
 *       only, names without {@code ..}, {@code .}, empty segments or control characters, within
 *       the entry and size limits). A failed, truncated or mismatching fetch leaves none of its
 *       files and no record.</li>
 *   <li><b>One owner per file</b>: a file name recorded for a configured reference is that
 *       reference's; otherwise the first reference listed that brings it gets it. Another
 *       reference bringing the same name fails, naming both, and nothing of it is installed: a
 *       pinned plugin is never replaced by another reference's file. A reference no longer listed
 *       gives its names up (a new tag replaces the old one's files).</li>
 *   <li><b>Cache</b>: each successful fetch is recorded under {@code .halkyon-fetch/} (keyed by a
 *       hash of the reference as written, listing the files it installed and their SHA-256). At
 *       every start each recorded file is hashed again: when all are there unchanged the reference
 *       is {@link FetchResult.Status#CACHED} with no network access; a changed file is removed (so
 *       it is never loaded) and the reference fetched again; a missing one is fetched again. A
 *       changed reference (new tag, new digest) is a new fetch.</li>
 *   <li><b>Time</b>: every try is bounded by {@link PluginFetchConfig#attemptTimeout()} (a stalled
 *       or dripping server is cut off), the whole call by {@link PluginFetchConfig#totalTimeout()};
 *       references are fetched {@link PluginFetchConfig#parallelism()} at a time.</li>
 *   <li><b>Network</b>: downloads go through the environment's proxy
 *       ({@link PluginFetchConfig#proxyEnvironment()}: {@code HTTPS_PROXY}, {@code NO_PROXY}...),
 *       and carry the bearer token of {@link PluginFetchConfig#tokenFile()} to
 *       {@link PluginFetchConfig#tokenHosts()} only: never on a redirect to another origin, never in
 *       clear, never in a log line or message.</li>
 *   <li><b>Retries</b>: I/O errors, timeouts, truncated bodies, HTTP 5xx/408/429 are tried again
 *       with backoff ({@link PluginFetchConfig#attempts()}) while time is left; a 4xx, a mismatch, a
 *       refused redirect or a bad tarball fail at once. A failure is never recorded, so the next
 *       run tries again.</li>
 * </ul>
 * Each produced file lands at the top of {@code pluginsDir}, where a
 * {@link io.halkyon.plugin.host.PluginManager} loads it. Not meant to be used by two fetchers on
 * the same directory at once.
 */
public final class PluginFetcher {

    private final Path pluginsDir;
    private final BulkFetch bulk;

    /** @param pluginsDir created when missing */
    public PluginFetcher(Path pluginsDir, PluginFetchConfig config) {
        this.pluginsDir = Objects.requireNonNull(pluginsDir, "pluginsDir").toAbsolutePath().normalize();
        this.bulk = new BulkFetch(this.pluginsDir, Objects.requireNonNull(config, "config"));
    }

    /** The plugins directory (absolute). */
    public Path pluginsDir() {
        return pluginsDir;
    }

    /**
     * Fetches every reference; {@code references} is the whole configuration (records of references
     * not in it give their file names up). Never throws: each result, in the order given, is
     * FETCHED, CACHED or FAILED with a cause naming the reference (when the plugins directory
     * itself cannot be prepared or written, every reference FAILS with that cause). A reference
     * listed twice gets the same result twice.
     */
    public List<FetchResult> fetchAll(List<String> references) {
        return bulk.fetchAll(Objects.requireNonNull(references, "references"));
    }
}
