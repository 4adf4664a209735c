package io.halkyon.plugin.host.fetch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link PluginFetcher} did with one reference.
 *
 * @param reference the reference as given (trimmed)
 * @param status    FETCHED (downloaded and verified now), CACHED (recorded by an earlier fetch and
 *                  its files still there: no network access) or FAILED
 * @param files     the files it produced in the plugins directory (absolute paths, regular files
 *                  only); empty when FAILED
 * @param failure   why it FAILED: a {@link io.halkyon.plugin.api.PluginException} naming the
 *                  reference ({@link io.halkyon.plugin.api.PluginChecksumException} for a digest
 *                  mismatch); empty otherwise
 * @param duration  how long the work on it took, cache check, tries and backoff included (zero when
 *                  the reference could not even be parsed)
 * @param bytes     bytes of the artifact downloaded or copied (the checksums file not counted); 0 when
 *                  CACHED, or when it failed before an artifact was complete
 */
public record FetchResult(String reference, Status status, List<Path> files, Optional<Throwable> failure,
                          Duration duration, long bytes) {

    /** The outcome for one reference. */
    public enum Status { FETCHED, CACHED, FAILED }

    public FetchResult {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(status, "status");
        files = List.copyOf(files);
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(duration, "duration");
    }

    /** A result not measured: zero duration and bytes. */
    public FetchResult(String reference, Status status, List<Path> files, Optional<Throwable> failure) {
        this(reference, status, files, failure, Duration.ZERO, 0);
    }

    /** This result with its measurements. */
    public FetchResult measured(Duration took, long artifactBytes) {
        return new FetchResult(reference, status, files, failure, took, artifactBytes);
    }

    /** FAILED because of {@code failure}. */
    public static FetchResult failed(String reference, Throwable failure) {
        return new FetchResult(reference, Status.FAILED, List.of(), Optional.of(failure));
    }

    /** Whether the files are there (FETCHED or CACHED). */
    public boolean ok() {
        return status != Status.FAILED;
    }
}
