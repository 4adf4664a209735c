package io.halkyon.plugin.host.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Cuts UTF-8 bytes, fed as they arrive, into lines, keeping at most {@code maxLineBytes} of each
 * line: the rest of a longer line is counted and thrown away as it arrives, so a huge line never
 * sits in memory. What it keeps of an unfinished line grows with the line and is let go after it.
 * Not thread-safe: one feeder at a time.
 */
public final class LineSplitter {

    /** One line without its terminator; {@code truncated} when bytes were dropped from its end. */
    public record Line(String text, boolean truncated, long length) {
    }

    private static final byte[] NONE = new byte[0];
    /** A buffer grown past this for a long line is not kept for the next ones. */
    private static final int KEPT_BUFFER_BYTES = 1024;

    private final int maxLineBytes;
    private byte[] kept = NONE;
    private int size;
    /** Bytes of the unfinished line so far, kept or not. */
    private long length;

    public LineSplitter(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    /** Hands {@code lines} every line that {@code bytes[off, off + len)} finishes. */
    public void feed(byte[] bytes, int off, int len, Consumer<Line> lines) {
        int end = off + len;
        int start = off;
        for (int i = off; i < end; i++) {
            if (bytes[i] == '\n') {
                append(bytes, start, i - start);
                lines.accept(take());
                start = i + 1;
            }
        }
        append(bytes, start, end - start);
    }

    /** At end of stream: hands {@code lines} the last line when it had no newline. */
    public void finish(Consumer<Line> lines) {
        if (length > 0) {
            lines.accept(take());
        }
    }

    private void append(byte[] bytes, int off, int n) {
        length += n;
        int k = Math.min(maxLineBytes - size, n);
        if (k > 0) {
            if (size + k > kept.length) {
                kept = Arrays.copyOf(kept, Math.min(maxLineBytes, Math.max(size + k, Math.max(128, kept.length * 2))));
            }
            System.arraycopy(bytes, off, kept, size, k);
            size += k;
        }
    }

    private Line take() {
        int n = size;
        long total = length;
        if (total == n && n > 0 && kept[n - 1] == '\r') {
            n--;
            total--;
        }
        Line line = new Line(new String(kept, 0, n, StandardCharsets.UTF_8), total > n, total);
        size = 0;
        length = 0;
        if (kept.length > KEPT_BUFFER_BYTES) {
            kept = NONE;
        }
        return line;
    }
}
