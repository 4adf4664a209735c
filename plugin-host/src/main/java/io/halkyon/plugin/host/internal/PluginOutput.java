package io.halkyon.plugin.host.internal;

import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * What a plugin's stdout and stderr have in common: read by the host's {@link OutputPump}, lines
 * cut at {@link StderrForwarder#MAX_LINE_BYTES}, logged through a bounded queue of the
 * {@link LogPump} at most {@code linesPerSecond} a second ({@link LineRateLimit}). Lines over the
 * rate are counted as suppressed, lines refused by a full queue (logging cannot keep up) as
 * dropped; both are summarized ({@code suppressed N stderr lines ...}, {@code dropped N ...}) a
 * second after the first one (then at most once a second) and at the end of the stream, after
 * its last lines.
 */
abstract class PluginOutput implements OutputPump.Sink {

    private static final int QUEUE_CAPACITY = 4096;

    final String pluginName;
    private final String stream;
    private final Logger reportLog;
    private final InputStream in;
    private final CompletableFuture<?> exited;
    private final LineRateLimit limit;
    private final LogPump.Queue queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong droppedTotal = new AtomicLong();
    private final AtomicLong suppressedTotal = new AtomicLong();
    /** A summary is due within a second: set while one is scheduled. */
    private final AtomicBoolean reportDue = new AtomicBoolean();
    private final CountDownLatch eof = new CountDownLatch(1);
    private volatile OutputPump.Registration registration;

    /**
     * @param stream         {@code stdout} or {@code stderr}, as summaries name it
     * @param reportLog      where summaries go
     * @param exited         completes when the process writing {@code in} has exited
     * @param linesPerSecond most lines logged a second; 0 or less: no limit
     */
    PluginOutput(String pluginName, String stream, Logger reportLog, InputStream in, CompletableFuture<?> exited,
                 int linesPerSecond) {
        this.pluginName = pluginName;
        this.stream = stream;
        this.reportLog = reportLog;
        this.in = in;
        this.exited = exited;
        this.limit = new LineRateLimit(linesPerSecond);
        this.queue = LogPump.shared().queue(pluginName, QUEUE_CAPACITY);
    }

    /** Starts reading (once). */
    final void startReading() {
        registration = OutputPump.shared().register(pluginName, in, StderrForwarder.MAX_LINE_BYTES, exited, this);
    }

    /** Logs through the queue when the rate allows and the queue has room; counts the line otherwise. */
    final void log(Runnable entry) {
        if (!limit.take()) {
            suppressedTotal.incrementAndGet();
            scheduleReport();
        } else if (!queue.offer(entry)) {
            dropped.incrementAndGet();
            droppedTotal.incrementAndGet();
            scheduleReport();
        }
    }

    @Override
    public final void end() {
        try {
            ended();
        } finally {
            eof.countDown();
            queue.offerLast(this::report);
        }
    }

    /** At the end of the stream, after its last line. */
    void ended() {
    }

    /** Waits (bounded) until the stream reached its end and every line of it was handled; true if it did. */
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

    /** Stops reading: closes the stream (best effort); lines already read are still logged. */
    public void stop() {
        OutputPump.Registration r = registration;
        if (r != null) {
            r.close();
        }
    }

    private void scheduleReport() {
        if (reportDue.compareAndSet(false, true)) {
            CompletableFuture.runAsync(this::report,
                    CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS, Threads.background()));
        }
    }

    private void report() {
        reportDue.set(false);
        long suppressed = limit.takeSuppressed();
        if (suppressed > 0) {
            reportLog.warn("plugin '{}': suppressed {} {} lines over the limit of {} lines/s", pluginName, suppressed,
                    stream, limit.linesPerSecond());
        }
        long n = dropped.getAndSet(0);
        if (n > 0) {
            reportLog.warn("plugin '{}': dropped {} {} lines because logging could not keep up", pluginName, n, stream);
        }
    }
}
