package io.halkyon.plugin.host.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BoundedLineReaderTest {

    @Test
    void readsLinesStrippingCrAndReturnsALastLineWithoutNewline() throws IOException {
        BoundedLineReader reader = reader("a\r\nbé\n\nlast", 100);
        assertThat(reader.readLine().text()).isEqualTo("a");
        assertThat(reader.readLine().text()).isEqualTo("bé");
        assertThat(reader.readLine().text()).isEmpty();
        assertThat(reader.readLine().text()).isEqualTo("last");
        assertThat(reader.readLine()).isNull();
    }

    @Test
    void cutsALongLineAndKeepsReadingAfterIt() throws IOException {
        BoundedLineReader reader = reader("x".repeat(50) + "\nnext\n", 10);
        BoundedLineReader.Line line = reader.readLine();
        assertThat(line.text()).isEqualTo("x".repeat(10));
        assertThat(line.truncated()).isTrue();
        assertThat(line.length()).isEqualTo(50);
        BoundedLineReader.Line next = reader.readLine();
        assertThat(next.text()).isEqualTo("next");
        assertThat(next.truncated()).isFalse();
    }

    @Test
    void aHugeLineIsStreamedNotBuffered() throws IOException {
        long size = 512L * 1024 * 1024; // larger than what a test heap would hold as a String
        InputStream endless = new InputStream() {
            long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 'y' : (left == -1 ? '\n' : -1);
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left < 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                if (n == 0) {
                    b[off] = '\n';
                    left = -2;
                    return 1;
                }
                java.util.Arrays.fill(b, off, off + n, (byte) 'y');
                left -= n;
                return n;
            }
        };
        BoundedLineReader reader = new BoundedLineReader(endless, StderrForwarder.MAX_LINE_BYTES);
        BoundedLineReader.Line line = reader.readLine();
        assertThat(line.text()).hasSize(StderrForwarder.MAX_LINE_BYTES);
        assertThat(line.truncated()).isTrue();
        assertThat(line.length()).isEqualTo(size);
        assertThat(reader.readLine()).isNull();
    }

    private static BoundedLineReader reader(String text, int max) {
        return new BoundedLineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
    }
}
