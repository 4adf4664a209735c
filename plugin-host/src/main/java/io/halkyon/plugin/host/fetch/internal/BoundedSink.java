package io.halkyon.plugin.host.fetch.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Where the bytes of one body or file go, counted against a limit before they are kept, so
 * nothing from a source is held or written past it, and against the announced length.
 *
 * @param <T> what {@link #finish()} gives
 */
abstract class BoundedSink<T> implements AutoCloseable {

    protected final String reference;
    protected final String source;
    protected final long expectedLength;
    private final long max;
    private final String limitField;
    private long received;

    /**
     * @param source         what is read, as shown in messages (a URL or a path)
     * @param expectedLength the announced length, or -1 when unknown
     * @param limitField     the PluginFetchConfig field that sets {@code max}
     * @throws FetchFailure when the announced length is already over the limit
     */
    BoundedSink(String reference, String source, long expectedLength, long max, String limitField) {
        this.reference = reference;
        this.source = source;
        this.expectedLength = expectedLength;
        this.max = max;
        this.limitField = limitField;
        if (expectedLength > max) {
            throw tooLarge("announces " + Digests.size(expectedLength) + ", more than");
        }
    }

    /** Keeps {@code buffer}'s bytes, or throws when they would pass the limit. */
    final void write(ByteBuffer buffer) throws IOException {
        int n = buffer.remaining();
        if (received + n > max) {
            throw tooLarge("is larger than");
        }
        accept(buffer);
        received += n;
        afterWrite(received);
    }

    /** Reads {@code in} to its end into this sink. */
    final void drain(InputStream in) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        int n;
        while ((n = in.read(chunk)) >= 0) {
            write(ByteBuffer.wrap(chunk, 0, n));
        }
    }

    /** Checks the announced length and gives the result. */
    final T finish() throws IOException {
        if (expectedLength >= 0 && received != expectedLength) {
            throw new IOException("truncated body: received " + received + " of " + expectedLength + " bytes");
        }
        return result();
    }

    protected abstract void accept(ByteBuffer buffer) throws IOException;

    protected void afterWrite(long total) {
    }

    protected abstract T result() throws IOException;

    @Override
    public void close() throws IOException {
    }

    private FetchFailure tooLarge(String what) {
        return FetchFailure.permanent(reference, "plugin reference '" + reference + "': " + source + " " + what
                + " the limit of " + Digests.size(max) + " (PluginFetchConfig." + limitField + "); nothing more was read");
    }
}
