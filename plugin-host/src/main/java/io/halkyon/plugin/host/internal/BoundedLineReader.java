package io.halkyon.plugin.host.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads UTF-8 lines from a stream, keeping at most {@code maxLineBytes} of each line: the rest
 * of a longer line is read and thrown away as it arrives, so a huge line never sits in memory.
 * Not thread-safe; one reader thread per stream.
 */
public final class BoundedLineReader {

    /** One line without its terminator; {@code truncated} when bytes were dropped from its end. */
    public record Line(String text, boolean truncated, long length) {
    }

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[8192];
    private int pos;
    private int limit;

    public BoundedLineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line, or {@code null} at end of stream (a last line without newline is returned). */
    public Line readLine() throws IOException {
        ByteArrayOutputStream kept = new ByteArrayOutputStream(128);
        long length = 0;
        boolean any = false;
        while (true) {
            if (pos == limit) {
                limit = in.read(buffer, 0, buffer.length);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    return any ? toLine(kept, length) : null;
                }
            }
            any = true;
            int start = pos;
            while (pos < limit && buffer[pos] != '\n') {
                pos++;
            }
            int n = pos - start;
            int room = maxLineBytes - kept.size();
            if (room > 0) {
                kept.write(buffer, start, Math.min(room, n));
            }
            length += n;
            if (pos < limit) {
                pos++; // the newline
                return toLine(kept, length);
            }
        }
    }

    private Line toLine(ByteArrayOutputStream kept, long length) {
        byte[] bytes = kept.toByteArray();
        int n = bytes.length;
        if (length == n && n > 0 && bytes[n - 1] == '\r') {
            n--;
            length--;
        }
        return new Line(new String(bytes, 0, n, StandardCharsets.UTF_8), length > n, length);
    }
}
