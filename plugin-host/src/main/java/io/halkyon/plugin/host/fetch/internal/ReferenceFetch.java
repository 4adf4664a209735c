package io.halkyon.plugin.host.fetch.internal;

import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.host.fetch.PluginFetchConfig;
import io.halkyon.plugin.host.fetch.PluginReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work on one reference, on a worker thread: its cache checked (every recorded file hashed
 * again), else tries until one succeeds, one fails for good, or tries or time run out. Touches
 * the plugins directory only to remove a file that changed since it was recorded, so that what
 * replaced it is never loaded, even when it cannot be fetched again.
 */
final class ReferenceFetch {

    private static final Logger log = LoggerFactory.getLogger(ReferenceFetch.class);

    private final PluginFetchConfig config;
    private final FetchRecords records;
    private final ArtifactFetcher fetcher;

    ReferenceFetch(PluginFetchConfig config, FetchRecords records) {
        this.config = config;
        this.records = records;
        this.fetcher = new ArtifactFetcher(config, records);
    }

    Outcome run(PluginReference ref, Deadline total) {
        String raw = ref.raw();
        try {
            Optional<List<Path>> cached = cached(raw);
            if (cached.isPresent()) {
                log.info("plugin reference '{}': cached, {} file(s) unchanged, not fetched again", raw,
                        cached.get().size());
                return new Outcome.Cached(cached.get());
            }
        } catch (IOException e) {
            log.warn("plugin reference '{}': cannot check its cached files, fetching again: {}", raw,
                    HttpTransfer.describe(e));
        }
        for (int attempt = 1; ; attempt++) {
            Deadline deadline = Deadline.after(config.attemptTimeout(), "attempt timeout", "attemptTimeout")
                    .earlier(total);
            PluginException failure;
            try {
                Staged staged = fetcher.fetch(ref, deadline);
                if (Thread.currentThread().isInterrupted()) {
                    staged.discard(); // the run gave up on this reference
                    return new Outcome.Failed(FetchFailure.permanent(raw, "plugin reference '" + raw + "': interrupted"));
                }
                return new Outcome.Fetched(staged);
            } catch (IOException | RuntimeException e) {
                failure = e instanceof PluginException pe ? pe
                        : new PluginException(raw, "plugin reference '" + raw + "': " + HttpTransfer.describe(e), e);
            }
            if (Thread.currentThread().isInterrupted()) {
                return new Outcome.Failed(failure); // the run reports its own timeout
            }
            Duration wait = config.backoffAfter(attempt);
            boolean timeLeft = total.remainingNanos() > wait.toNanos();
            if (!failure.isRetryable() || attempt >= config.attempts() || !timeLeft) {
                log.error("{}{}", failure.getMessage(), !failure.isRetryable() ? ""
                        : " (attempt " + attempt + " of " + config.attempts() + (timeLeft ? "" : "; no time left within " + total.what())
                        + "; not recorded, tried again at the next start)");
                return new Outcome.Failed(failure);
            }
            log.warn("{} (attempt {} of {}); trying again in {} ms", failure.getMessage(), attempt, config.attempts(),
                    wait.toMillis());
            if (!sleep(wait)) {
                return new Outcome.Failed(failure);
            }
        }
    }

    /**
     * The files recorded for {@code raw} when all are there unchanged; otherwise empty, the record
     * deleted and every changed file removed.
     */
    private Optional<List<Path>> cached(String raw) throws IOException {
        Optional<FetchRecord> record;
        try {
            record = records.read(raw);
        } catch (IOException e) {
            log.info("plugin reference '{}': its cache record cannot be used ({}), fetching again", raw, e.getMessage());
            records.delete(raw);
            return Optional.empty();
        }
        if (record.isEmpty()) {
            return Optional.empty();
        }
        List<Path> files = new ArrayList<>();
        boolean intact = true;
        for (Map.Entry<String, String> entry : record.get().files().entrySet()) {
            Path file = records.file(entry.getKey());
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                log.info("plugin reference '{}': {} is gone, fetching again", raw, file);
                intact = false;
                continue;
            }
            String now = Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Digests.sha256(file) : null;
            if (!entry.getValue().equals(now)) {
                Files.delete(file);
                log.warn("plugin reference '{}': {} changed since it was fetched ({}, recorded SHA-256 {}): removed,"
                        + " fetching again", raw, file, now == null ? "no longer a regular file" : "SHA-256 now " + now,
                        entry.getValue());
                intact = false;
                continue;
            }
            files.add(file);
        }
        if (!intact) {
            records.delete(raw);
            return Optional.empty();
        }
        return Optional.of(files);
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
