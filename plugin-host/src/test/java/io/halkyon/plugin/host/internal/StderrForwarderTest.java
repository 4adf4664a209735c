package io.halkyon.plugin.host.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class StderrForwarderTest {

    /** The writer of a stream in memory: gone already. */
    private static final CompletableFuture<Integer> ENDED = CompletableFuture.completedFuture(0);

    /** Blocks the logging thread on its first event until released. */
    static final class BlockingAppender extends AppenderBase<ILoggingEvent> {
        final CountDownLatch release = new CountDownLatch(1);
        final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            events.add(event);
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void readingIsNeverHeldUpBySlowLoggingAndDropsAreCountedAndReported() {
        int lines = 10_000;
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= lines; i++) {
            text.append("[DEBUG] line ").append(i).append('\n');
        }
        Logger pluginLogger = (Logger) LoggerFactory.getLogger(StderrForwarder.pluginLoggerName("slow"));
        Logger hostLogger = (Logger) LoggerFactory.getLogger(StderrForwarder.class);
        BlockingAppender pluginAppender = new BlockingAppender();
        BlockingAppender hostAppender = new BlockingAppender();
        hostAppender.release.countDown();
        pluginAppender.start();
        hostAppender.start();
        pluginLogger.addAppender(pluginAppender);
        hostLogger.addAppender(hostAppender);
        RecentLines recent = new RecentLines(5, 100);
        try {
            StderrForwarder forwarder = new StderrForwarder("slow",
                    new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)), ENDED, recent, 0).start();

            assertThat(forwarder.awaitEof(5, TimeUnit.SECONDS)).as("read to the end while logging is stuck").isTrue();
            assertThat(forwarder.droppedLines()).isPositive();
            assertThat(recent.snapshot()).containsExactly("[DEBUG] line 9996", "[DEBUG] line 9997", "[DEBUG] line 9998",
                    "[DEBUG] line 9999", "[DEBUG] line 10000");

            pluginAppender.release.countDown();
            long logged = lines - forwarder.droppedLines();
            await().atMost(Duration.ofSeconds(10)).until(() -> pluginAppender.events.size() == logged);
            await().atMost(Duration.ofSeconds(5)).until(() -> hostAppender.events.stream().anyMatch(e ->
                    e.getFormattedMessage().equals("plugin 'slow': dropped " + forwarder.droppedLines()
                            + " stderr lines because logging could not keep up")));
            assertThat(pluginAppender.events.get(0).getFormattedMessage()).isEqualTo("line 1");
        } finally {
            pluginLogger.detachAppender(pluginAppender);
            hostLogger.detachAppender(hostAppender);
        }
    }

    @Test
    void linesOverTheRateLimitAreCountedAndSummarizedNotLogged() {
        int lines = 3_000;
        int rate = 100;
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= lines; i++) {
            text.append("[INFO] line ").append(i).append('\n');
        }
        Logger pluginLogger = (Logger) LoggerFactory.getLogger(StderrForwarder.pluginLoggerName("chatty"));
        Logger hostLogger = (Logger) LoggerFactory.getLogger(StderrForwarder.class);
        BlockingAppender pluginAppender = new BlockingAppender();
        BlockingAppender hostAppender = new BlockingAppender();
        pluginAppender.release.countDown();
        hostAppender.release.countDown();
        pluginAppender.start();
        hostAppender.start();
        pluginLogger.addAppender(pluginAppender);
        hostLogger.addAppender(hostAppender);
        try {
            long start = System.nanoTime();
            StderrForwarder forwarder = new StderrForwarder("chatty",
                    new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)), ENDED, new RecentLines(5, 100),
                    rate).start();
            await().atMost(Duration.ofSeconds(10)).until(() -> pluginAppender.events.size()
                    + forwarder.suppressedLines() + forwarder.droppedLines() == lines);
            double seconds = (System.nanoTime() - start) / 1e9;

            assertThat(forwarder.suppressedLines()).isPositive();
            assertThat(pluginAppender.events.size()).as("one second's burst, then the rate")
                    .isGreaterThanOrEqualTo(rate).isLessThanOrEqualTo((int) (rate * (1 + seconds)) + 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> hostAppender.events.stream()
                    .filter(e -> e.getFormattedMessage().startsWith("plugin 'chatty': suppressed "))
                    .mapToLong(e -> Long.parseLong(e.getFormattedMessage().split(" ")[3]))
                    .sum() == forwarder.suppressedLines());
            assertThat(hostAppender.events).extracting(ILoggingEvent::getFormattedMessage)
                    .anyMatch(m -> m.matches("plugin 'chatty': suppressed \\d+ stderr lines over the limit of 100 lines/s"));
        } finally {
            pluginLogger.detachAppender(pluginAppender);
            hostLogger.detachAppender(hostAppender);
        }
    }
}
