package io.halkyon.plugin.host.fetch.internal;

import io.halkyon.plugin.host.fetch.PluginFetchConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Copies a {@code file:} artifact with the same hashing, limits and progress as a download. */
final class FileTransfer {

    private FileTransfer() {
    }

    static String copy(String reference, URI uri, Path target, PluginFetchConfig config) {
        Path source = Path.of(uri);
        if (!Files.isRegularFile(source)) {
            throw FetchFailure.permanent(reference, "plugin reference '" + reference + "': " + source
                    + (Files.exists(source) ? " is not a regular file" : " does not exist"));
        }
        try (InputStream in = Files.newInputStream(source);
             DigestingSink sink = new DigestingSink(reference, source.toString(), target, Files.size(source),
                     config.maxArtifactSize(), config.progressEvery())) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sink.write(ByteBuffer.wrap(buffer, 0, n));
            }
            return sink.finish();
        } catch (IOException e) {
            throw FetchFailure.transientFailure(reference, "plugin reference '" + reference + "': cannot copy "
                    + source + ": " + HttpTransfer.describe(e), e);
        }
    }

    /** The text of a {@code file:} checksums file, or empty when there is none. */
    static Optional<String> text(String reference, URI uri) {
        try {
            return Optional.of(Files.readString(Path.of(uri)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw FetchFailure.transientFailure(reference, "plugin reference '" + reference + "': cannot read "
                    + uri + ": " + HttpTransfer.describe(e), e);
        }
    }
}
