package io.halkyon.plugin.host.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OutputPumpTest {

    /** Collects a stream's lines and counts its ends. */
    static final class Collector implements OutputPump.Sink {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final AtomicInteger ends = new AtomicInteger();
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public void line(LineSplitter.Line line) {
            lines.add(line.text());
            threads.add(Thread.currentThread().getName());
        }

        @Override
        public void end() {
            ends.incrementAndGet();
        }
    }

    @Test
    void manyStreamsAreReadInOrderOnTheOneThreadAndEachEndsOnceAfterItsWriterIsGone() {
        int streams = 12;
        int lines = 300;
        List<Collector> collectors = new ArrayList<>();
        List<Thread> writers = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            PipedInputStream in = new PipedInputStream(512);
            PipedOutputStream out = connect(in);
            CompletableFuture<Void> exited = new CompletableFuture<>();
            Collector collector = new Collector();
            collectors.add(collector);
            OutputPump.shared().register("pump-test-" + s, in, 100, exited, collector);
            int id = s;
            Thread writer = new Thread(() -> {
                try (out) {
                    for (int n = 0; n < lines; n++) {
                        out.write(("stream " + id + " line " + n + "\n").getBytes(StandardCharsets.UTF_8));
                    }
                    out.write(("stream " + id + " last, no newline").getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    exited.complete(null);
                }
            });
            writers.add(writer);
            writer.start();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> collectors.stream().allMatch(c -> c.ends.get() == 1));
        for (int s = 0; s < streams; s++) {
            int id = s;
            List<String> expected = new ArrayList<>(IntStream.range(0, lines).mapToObj(n -> "stream " + id + " line " + n)
                    .toList());
            expected.add("stream " + id + " last, no newline");
            assertThat(collectors.get(s).lines).as("stream %d", s).containsExactlyElementsOf(expected);
            assertThat(collectors.get(s).ends).hasValue(1);
            assertThat(collectors.get(s).threads.subList(0, lines / 2)).containsOnly("plugin-output");
        }
    }

    @Test
    void aStreamClosedByTheHostEndsOnce() throws IOException {
        PipedInputStream in = new PipedInputStream(512);
        PipedOutputStream out = connect(in);
        Collector collector = new Collector();
        OutputPump.Registration registration = OutputPump.shared().register("pump-test-closed", in, 100,
                new CompletableFuture<>(), collector);
        out.write("before close\n".getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(10)).until(() -> collector.lines.contains("before close"));

        registration.close();

        await().atMost(Duration.ofSeconds(10)).until(() -> collector.ends.get() == 1);
        assertThat(collector.lines).containsExactly("before close");
        out.close();
    }

    private static PipedOutputStream connect(PipedInputStream in) {
        try {
            return new PipedOutputStream(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
