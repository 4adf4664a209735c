package io.halkyon.plugin.host.fetch.internal;

import io.halkyon.plugin.host.fetch.PluginFetchConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads {@code file:} artifacts and checksums files with the same limits, hashing and progress as a download. */
final class FileTransfer {

    private FileTransfer() {
    }

    /** Copies the artifact at {@code uri} into {@code target} (which exists, empty); returns its SHA-256. */
    static String copy(String reference, URI uri, Path target, PluginFetchConfig config) {
        Path source = regularFile(reference, uri).orElseThrow(() -> FetchFailure.permanent(reference,
                "plugin reference '" + reference + "': " + Path.of(uri) + " does not exist"));
        try (InputStream in = Files.newInputStream(source);
             DigestingSink sink = new DigestingSink(reference, source.toString(), target, Files.size(source),
                     config.maxArtifactSize(), config.progressEvery())) {
            sink.drain(in);
            return sink.finish();
        } catch (IOException e) {
            throw FetchFailure.transientFailure(reference, "plugin reference '" + reference + "': cannot copy "
                    + source + ": " + HttpTransfer.describe(e), e);
        }
    }

    /** The text at {@code uri} (at most PluginFetchConfig.maxTextSize), or empty when there is no such file. */
    static Optional<String> text(String reference, URI uri, long maxSize) {
        Optional<Path> source = regularFile(reference, uri);
        if (source.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(source.get())) {
            TextSink sink = new TextSink(reference, source.get().toString(), -1, maxSize);
            sink.drain(in);
            return Optional.of(sink.finish());
        } catch (IOException e) {
            throw FetchFailure.transientFailure(reference, "plugin reference '" + reference + "': cannot read "
                    + source.get() + ": " + HttpTransfer.describe(e), e);
        }
    }

    /** The file at {@code uri}, empty when there is none; a FetchFailure when it is there but not a regular file. */
    private static Optional<Path> regularFile(String reference, URI uri) {
        Path source = Path.of(uri);
        if (Files.isRegularFile(source)) {
            return Optional.of(source);
        }
        if (Files.exists(source)) {
            throw FetchFailure.permanent(reference, "plugin reference '" + reference + "': " + source
                    + " is not a regular file");
        }
        return Optional.empty();
    }
}
