package io.halkyon.plugin.host.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards a plugin's stderr to SLF4J under the logger {@code plugin.<name>}, at the level
 * each line carries (see {@link LogLine}).
 *
 * <p>Two threads so the plugin never blocks on its stderr: a reader that only reads lines
 * (cut at {@link #MAX_LINE_BYTES}), records them in the recent-lines ring and offers them to
 * a bounded queue, dropping and counting when it is full; and a logger that drains the queue.
 * The logger forwards at most {@code linesPerSecond} lines a second (a token bucket holding one
 * second's worth), so a flooding plugin cannot flood the host's logs; the lines over the rate
 * are counted and summarized ({@code suppressed N stderr lines}) at most once a second, as are
 * lines dropped because the queue was full.
 */
public final class StderrForwarder {

    /** Longest part of a line kept; the rest is read and dropped. */
    public static final int MAX_LINE_BYTES = 64 * 1024;
    private static final int QUEUE_CAPACITY = 4096;
    private static final long DROP_REPORT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Logger log = LoggerFactory.getLogger(StderrForwarder.class);
    private static final BoundedLineReader.Line END = new BoundedLineReader.Line("", false, 0);

    private final String pluginName;
    private final InputStream stderr;
    private final Logger pluginLog;
    private final RecentLines recent;
    private final BlockingQueue<BoundedLineReader.Line> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong droppedTotal = new AtomicLong();
    private final AtomicLong suppressedTotal = new AtomicLong();
    private final LineRateLimit limit;
    private final CountDownLatch eof = new CountDownLatch(1);
    private final Thread reader;
    private final Thread logger;

    /** @param linesPerSecond most lines logged per second; 0 or less: no limit */
    public StderrForwarder(String pluginName, InputStream stderr, RecentLines recent, int linesPerSecond) {
        this.pluginName = pluginName;
        this.limit = new LineRateLimit(linesPerSecond);
        this.stderr = stderr;
        this.recent = recent;
        this.pluginLog = LoggerFactory.getLogger(pluginLoggerName(pluginName));
        this.reader = Threads.daemon("plugin-" + pluginName + "-stderr", this::read);
        this.logger = Threads.daemon("plugin-" + pluginName + "-log", this::drain);
    }

    /** The name of the logger a plugin's output goes to: {@code plugin.<name>}. */
    public static String pluginLoggerName(String pluginName) {
        return "plugin." + pluginName;
    }

    public StderrForwarder start() {
        reader.start();
        logger.start();
        return this;
    }

    /** Waits (bounded) until stderr reached end of stream; true if it did. */
    public boolean awaitEof(long timeout, TimeUnit unit) {
        try {
            return eof.await(timeout, unit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Lines dropped so far because logging could not keep up. */
    public long droppedLines() {
        return droppedTotal.get();
    }

    /** Lines not logged so far because they came faster than the rate limit. */
    public long suppressedLines() {
        return suppressedTotal.get();
    }

    /** Stops forwarding: closes the stream (best effort) and lets the logger thread end. */
    public void stop() {
        if (!awaitEof(0, TimeUnit.MILLISECONDS)) {
            try {
                stderr.close();
            } catch (IOException ignored) {
                // best effort: the reader ends at end of stream anyway
            }
        }
        logger.interrupt();
    }

    private void read() {
        BoundedLineReader lines = new BoundedLineReader(stderr, MAX_LINE_BYTES);
        try {
            BoundedLineReader.Line line;
            while ((line = lines.readLine()) != null) {
                recent.add(LogLine.parse(line.text()).render());
                if (!queue.offer(line)) {
                    dropped.incrementAndGet();
                    droppedTotal.incrementAndGet();
                }
            }
        } catch (IOException e) {
            log.debug("plugin '{}': stderr closed: {}", pluginName, e.toString());
        } finally {
            eof.countDown();
            try {
                // Blocking here is harmless: the plugin's stderr is already closed.
                queue.offer(END, 1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void drain() {
        long lastReport = System.nanoTime();
        try {
            while (true) {
                BoundedLineReader.Line line = queue.poll(250, TimeUnit.MILLISECONDS);
                if (line == END) {
                    break;
                }
                if (line != null) {
                    forward(line);
                }
                if ((dropped.get() > 0 || limit.hasSuppressed())
                        && (line == null || System.nanoTime() - lastReport > DROP_REPORT_INTERVAL_NANOS)) {
                    reportDropped();
                    lastReport = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reportDropped();
    }

    private void forward(BoundedLineReader.Line line) {
        if (!limit.take()) {
            suppressedTotal.incrementAndGet();
            return;
        }
        LogLine parsed = LogLine.parse(line.text());
        String message = line.truncated()
                ? parsed.message() + " … [line truncated: " + line.length() + " bytes, kept " + MAX_LINE_BYTES + "]"
                : parsed.message();
        pluginLog.atLevel(parsed.level()).log(message);
    }

    private void reportDropped() {
        long suppressed = limit.takeSuppressed();
        if (suppressed > 0) {
            log.warn("plugin '{}': suppressed {} stderr lines over the limit of {} lines/s", pluginName, suppressed,
                    limit.linesPerSecond());
        }
        long n = dropped.getAndSet(0);
        if (n > 0) {
            log.warn("plugin '{}': dropped {} stderr lines because logging could not keep up", pluginName, n);
        }
    }
}
