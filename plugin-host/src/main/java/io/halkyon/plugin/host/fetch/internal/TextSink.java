package io.halkyon.plugin.host.fetch.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Keeps a small text (a checksums file) in memory, within PluginFetchConfig.maxTextSize; UTF-8. */
final class TextSink extends BoundedSink<String> {

    private final ByteArrayOutputStream bytes;

    TextSink(String reference, String source, long expectedLength, long maxSize) {
        super(reference, source, expectedLength, maxSize, "maxTextSize");
        bytes = new ByteArrayOutputStream((int) Math.min(Math.max(expectedLength, 1024), 64 * 1024));
    }

    @Override
    protected void accept(ByteBuffer buffer) {
        byte[] chunk = new byte[buffer.remaining()];
        buffer.get(chunk);
        bytes.write(chunk, 0, chunk.length);
    }

    @Override
    protected String result() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
