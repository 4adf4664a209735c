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
 * Writes an artifact to a file while hashing it, within PluginFetchConfig.maxArtifactSize,
 * logging progress; {@link #finish()} gives its SHA-256 (lowercase hex).
 */
final class DigestingSink extends BoundedSink<String> {

    private static final Logger log = LoggerFactory.getLogger(DigestingSink.class);

    private final FileChannel channel;
    private final MessageDigest digest = Digests.sha256();
    private final long progressEvery;
    private long nextProgress;

    DigestingSink(String reference, String source, Path target, long expectedLength, long maxSize, long progressEvery)
            throws IOException {
        super(reference, source, expectedLength, maxSize, "maxArtifactSize");
        this.progressEvery = progressEvery;
        this.nextProgress = progressEvery;
        this.channel = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    @Override
    protected void accept(ByteBuffer buffer) throws IOException {
        digest.update(buffer.duplicate());
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    @Override
    protected void afterWrite(long total) {
        if (total >= nextProgress) {
            nextProgress = (total / progressEvery + 1) * progressEvery;
            log.info("plugin reference '{}': {} of {} downloaded from {}", reference, Digests.size(total),
                    expectedLength < 0 ? "unknown size" : Digests.size(expectedLength), source);
        }
    }

    /** Flushes to disk and gives the SHA-256. */
    @Override
    protected String result() throws IOException {
        channel.force(true);
        channel.close();
        return Digests.hex(digest.digest());
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
