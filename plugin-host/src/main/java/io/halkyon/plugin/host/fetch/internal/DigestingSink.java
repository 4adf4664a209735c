package io.halkyon.plugin.host.fetch.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an artifact's bytes to a file while hashing them, counting them against the size
 * limit and the announced length, and logging progress.
 */
final class DigestingSink implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DigestingSink.class);

    private final String reference;
    private final String source;
    private final FileChannel channel;
    private final MessageDigest digest = Digests.sha256();
    private final long expectedLength;
    private final long maxSize;
    private final long progressEvery;
    private long written;
    private long nextProgress;

    /** @param expectedLength the announced length, or -1 when unknown */
    DigestingSink(String reference, String source, Path target, long expectedLength, long maxSize, long progressEvery)
            throws IOException {
        this.reference = reference;
        this.source = source;
        this.expectedLength = expectedLength;
        this.maxSize = maxSize;
        this.progressEvery = progressEvery;
        this.nextProgress = progressEvery;
        if (expectedLength > maxSize) {
            throw FetchFailure.permanent(reference, tooLarge(expectedLength));
        }
        this.channel = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    void write(ByteBuffer buffer) throws IOException {
        int n = buffer.remaining();
        if (written + n > maxSize) {
            throw FetchFailure.permanent(reference, tooLarge(written + n));
        }
        digest.update(buffer.duplicate());
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        written += n;
        if (written >= nextProgress) {
            nextProgress = (written / progressEvery + 1) * progressEvery;
            log.info("plugin reference '{}': {} of {} downloaded from {}", reference, Digests.size(written),
                    expectedLength < 0 ? "unknown size" : Digests.size(expectedLength), source);
        }
    }

    /** Checks the length, flushes to disk and gives the SHA-256 (lowercase hex). */
    String finish() throws IOException {
        if (expectedLength >= 0 && written != expectedLength) {
            throw new IOException("truncated body: received " + written + " of " + expectedLength + " bytes");
        }
        channel.force(true);
        channel.close();
        return Digests.hex(digest.digest());
    }

    long written() {
        return written;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private String tooLarge(long size) {
        return "plugin reference '" + reference + "': " + source + " is larger (" + Digests.size(size)
                + ") than the limit of " + Digests.size(maxSize) + " (PluginFetchConfig.maxArtifactSize)";
    }
}
