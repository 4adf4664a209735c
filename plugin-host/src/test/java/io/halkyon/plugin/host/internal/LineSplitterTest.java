package io.halkyon.plugin.host.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    @Test
    void splitsLinesStrippingCrAndGivesALastLineWithoutNewlineAtTheEnd() {
        List<LineSplitter.Line> lines = split("a\r\nbé\n\nlast", 100, 3);
        assertThat(lines).extracting(LineSplitter.Line::text).containsExactly("a", "bé", "", "last");
    }

    @Test
    void aLineFedInPiecesIsOneLine() {
        byte[] bytes = "hello world\n".getBytes(StandardCharsets.UTF_8);
        for (int chunk = 1; chunk <= bytes.length; chunk++) {
            assertThat(split("hello world\n", 100, chunk)).extracting(LineSplitter.Line::text)
                    .as("chunks of %d bytes", chunk).containsExactly("hello world");
        }
    }

    @Test
    void cutsALongLineAndKeepsSplittingAfterIt() {
        List<LineSplitter.Line> lines = split("x".repeat(50) + "\nnext\n", 10, 7);
        assertThat(lines.get(0).text()).isEqualTo("x".repeat(10));
        assertThat(lines.get(0).truncated()).isTrue();
        assertThat(lines.get(0).length()).isEqualTo(50);
        assertThat(lines.get(1).text()).isEqualTo("next");
        assertThat(lines.get(1).truncated()).isFalse();
        assertThat(lines).hasSize(2);
    }

    @Test
    void aHugeLineIsCountedNotBuffered() {
        long size = 512L * 1024 * 1024; // larger than what a test heap would hold as a String
        LineSplitter splitter = new LineSplitter(StderrForwarder.MAX_LINE_BYTES);
        List<LineSplitter.Line> lines = new ArrayList<>();
        byte[] chunk = "y".repeat(64 * 1024).getBytes(StandardCharsets.UTF_8);
        for (long fed = 0; fed < size; fed += chunk.length) {
            splitter.feed(chunk, 0, chunk.length, lines::add);
        }
        splitter.feed(new byte[] {'\n'}, 0, 1, lines::add);
        splitter.finish(lines::add);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).text()).hasSize(StderrForwarder.MAX_LINE_BYTES);
        assertThat(lines.get(0).truncated()).isTrue();
        assertThat(lines.get(0).length()).isEqualTo(size);
    }

    private static List<LineSplitter.Line> split(String text, int max, int chunk) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        LineSplitter splitter = new LineSplitter(max);
        List<LineSplitter.Line> lines = new ArrayList<>();
        for (int off = 0; off < bytes.length; off += chunk) {
            splitter.feed(bytes, off, Math.min(chunk, bytes.length - off), lines::add);
        }
        splitter.finish(lines::add);
        return lines;
    }
}
