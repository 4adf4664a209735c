package io.halkyon.plugin.host.fetch;

import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.host.fetch.internal.ArtifactFetcher;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the artifacts of plugin references ({@code HALKYON_PLUGINS}) present in a plugins
 * directory: fetched, verified, unpacked, cached.
 *
 * <ul>
 *   <li><b>Verification</b>: against the reference's pinned {@code #sha256=}, else, for an
 *       {@code owner/repo@tag} release, against the release's checksums file when the server has
 *       one (a 404 means none: logged as unverified), else unverified with a warning. A mismatch
 *       is a {@link io.halkyon.plugin.api.PluginChecksumException}.</li>
 *   <li><b>Atomicity</b>: the artifact is written to a temporary file under
 *       {@code <pluginsDir>/.halkyon-fetch/} and renamed into place only once complete and verified;
 *       a tarball is unpacked into a staging directory there first (regular files and directories
 *       only, nothing outside the directory, executable bits kept). A failed, truncated or
 *       mismatching fetch leaves none of its files and no record.</li>
 *   <li><b>Cache</b>: each successful fetch is recorded under {@code .halkyon-fetch/} (keyed by a hash
 *       of the reference as written, listing the files it produced); while they are all there, the
 *       reference is {@link FetchResult.Status#CACHED} with no network access. A changed reference
 *       (new tag, new digest) is a new fetch. Delete a file to force a fetch again.</li>
 *   <li><b>Retries</b>: I/O errors, truncated bodies, HTTP 5xx/408/429 are tried again with backoff
 *       ({@link PluginFetchConfig#attempts()}); a 4xx, a mismatch or a bad tarball fail at once. A
 *       failure is never recorded, so the next run tries again.</li>
 * </ul>
 * References are fetched one after the other; one failing never stops the others. Each
 * produced file lands in {@code pluginsDir} (tarballs: at their path inside the archive), where
 * a {@link io.halkyon.plugin.host.PluginManager} loads the top-level ones. Not meant to be used
 * by two fetchers on the same directory at once.
 */
public final class PluginFetcher {

    private static final Logger log = LoggerFactory.getLogger(PluginFetcher.class);

    private final Path pluginsDir;
    private final PluginFetchConfig config;
    private final ArtifactFetcher fetcher;

    /** @param pluginsDir created when missing */
    public PluginFetcher(Path pluginsDir, PluginFetchConfig config) {
        this.pluginsDir = Objects.requireNonNull(pluginsDir, "pluginsDir").toAbsolutePath().normalize();
        this.config = Objects.requireNonNull(config, "config");
        this.fetcher = new ArtifactFetcher(this.pluginsDir, config);
    }

    /** The plugins directory (absolute). */
    public Path pluginsDir() {
        return pluginsDir;
    }

    /**
     * Fetches every reference, in order. Never throws for a reference: each result is FETCHED,
     * CACHED or FAILED with a cause naming the reference.
     *
     * @throws PluginException only when the plugins directory cannot be created or written
     */
    public List<FetchResult> fetchAll(List<String> references) {
        prepare();
        List<FetchResult> results = new ArrayList<>();
        for (String reference : references) {
            results.add(fetchPrepared(reference));
        }
        long failed = results.stream().filter(r -> !r.ok()).count();
        log.info("plugin references: {} fetched, {} cached, {} failed", results.stream()
                .filter(r -> r.status() == FetchResult.Status.FETCHED).count(), results.stream()
                .filter(r -> r.status() == FetchResult.Status.CACHED).count(), failed);
        return results;
    }

    /** Fetches one reference; see {@link #fetchAll(List)}. */
    public FetchResult fetch(String reference) {
        prepare();
        return fetchPrepared(reference);
    }

    private void prepare() {
        try {
            fetcher.prepare();
        } catch (IOException e) {
            throw new PluginException(pluginsDir.toString(), "cannot prepare plugin directory " + pluginsDir + ": " + e,
                    e);
        }
    }

    private FetchResult fetchPrepared(String reference) {
        String raw = reference == null ? "" : reference.trim();
        PluginReference ref;
        try {
            ref = PluginReference.parse(raw, config);
        } catch (PluginException e) {
            log.error(e.getMessage());
            return FetchResult.failed(raw, e);
        }
        try {
            Optional<List<Path>> cached = fetcher.cached(ref);
            if (cached.isPresent()) {
                log.info("plugin reference '{}': cached, {} file(s), not fetched again", raw, cached.get().size());
                return new FetchResult(raw, FetchResult.Status.CACHED, cached.get(), Optional.empty());
            }
        } catch (IOException e) {
            log.warn("plugin reference '{}': cannot read its cache record, fetching again: {}", raw, e.toString());
        }
        for (int attempt = 1; ; attempt++) {
            try {
                List<Path> files = fetcher.fetch(ref);
                log.info("plugin reference '{}': fetched, {} file(s): {}", raw, files.size(),
                        files.stream().map(f -> pluginsDir.relativize(f).toString()).toList());
                return new FetchResult(raw, FetchResult.Status.FETCHED, files, Optional.empty());
            } catch (IOException | RuntimeException e) {
                PluginException failure = e instanceof PluginException pe ? pe : new PluginException(raw,
                        "plugin reference '" + raw + "': " + e, e);
                if (!failure.isRetryable() || attempt >= config.attempts()) {
                    log.error("{}{}", failure.getMessage(), attempt > 1 ? " (attempt " + attempt + " of "
                            + config.attempts() + "; not recorded, tried again at the next start)" : "");
                    return FetchResult.failed(raw, failure);
                }
                Duration wait = config.backoffAfter(attempt);
                log.warn("{} (attempt {} of {}); trying again in {} ms", failure.getMessage(), attempt,
                        config.attempts(), wait.toMillis());
                if (!sleep(wait)) {
                    return FetchResult.failed(raw, failure);
                }
            }
        }
    }

    private static boolean sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
