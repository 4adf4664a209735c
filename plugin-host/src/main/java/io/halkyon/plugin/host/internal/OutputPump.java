package io.halkyon.plugin.host.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the stdout and stderr of every plugin process of the host on one daemon thread,
 * {@code plugin-output}, instead of a blocked reader thread per stream.
 *
 * <p>The thread never blocks on a stream: each round it asks every registered stream what it
 * can read without blocking ({@link InputStream#available()}) and reads at most one buffer of
 * it, so a flooding plugin gets the same share as the others. It cuts the bytes into lines
 * ({@link LineSplitter}) and hands them to the stream's {@link Sink}, which must not block
 * either (the log is written by {@link LogPump}). After a round that read nothing it sleeps,
 * twice as long each idle round, up to {@value #URGENT_IDLE_MILLIS} ms while a stream is
 * {@link Sink#urgent() urgent} (a plugin's handshake line is awaited) and
 * {@value #IDLE_MILLIS} ms otherwise; a registration or a process exit wakes it at once, and
 * with no stream registered it sleeps until a registration.
 *
 * <p>End of stream: a pipe says it has nothing to read both when its writer is slow and when it
 * is gone, so a stream ends once its process has exited and it has nothing left: the rest is
 * read to its end on a {@link Threads#background()} thread (the JDK has by then swapped an
 * exited process's pipes for what was still in them; a grandchild that holds the pipe open
 * holds that thread only), then {@link Sink#end()} is called. Every line a process wrote before
 * it exited is handed over. A stream that fails or is closed ({@link Registration#close()}) ends
 * too. Lines of one stream are handed over in order, on one thread at a time.
 */
public final class OutputPump {

    /** Where a stream's lines go; called on the pump's thread, so never blocking. */
    public interface Sink {
        void line(LineSplitter.Line line);

        /** Once, after the last line. */
        void end();

        /** Whether a line is awaited now (the pump then looks at the stream every few ms). */
        default boolean urgent() {
            return false;
        }
    }

    /** A registered stream; {@link #close()} closes it and ends it. */
    public interface Registration {
        void close();
    }

    static final int IDLE_MILLIS = 50;
    static final int URGENT_IDLE_MILLIS = 2;
    private static final long FIRST_IDLE_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
    private static final int BUFFER_BYTES = 8192;
    private static final Logger log = LoggerFactory.getLogger(OutputPump.class);
    private static final OutputPump SHARED = new OutputPump("plugin-output");

    private final Set<Source> sources = ConcurrentHashMap.newKeySet();
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private final Thread thread;

    private OutputPump(String threadName) {
        this.thread = Threads.daemon(threadName, this::run);
        this.thread.start();
    }

    /** The host's pump. */
    public static OutputPump shared() {
        return SHARED;
    }

    /**
     * Reads {@code in} until it ends (see the class comment), cutting lines at
     * {@code maxLineBytes}.
     *
     * @param exited completes when the process writing {@code in} has exited
     */
    public Registration register(String pluginName, InputStream in, int maxLineBytes, CompletableFuture<?> exited,
                                 Sink sink) {
        Source source = new Source(pluginName, in, new LineSplitter(maxLineBytes), exited, sink);
        sources.add(source);
        exited.whenComplete((status, failure) -> wake());
        wake();
        return source;
    }

    private void wake() {
        LockSupport.unpark(thread);
    }

    private void run() {
        long idleNanos = FIRST_IDLE_NANOS;
        while (true) {
            boolean read = false;
            boolean urgent = false;
            for (Source source : sources) {
                read |= pump(source);
                urgent |= source.urgent();
            }
            if (read) {
                idleNanos = FIRST_IDLE_NANOS;
            } else if (sources.isEmpty()) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, idleNanos);
                idleNanos = Math.min(idleNanos * 2, TimeUnit.MILLISECONDS.toNanos(urgent ? URGENT_IDLE_MILLIS
                        : IDLE_MILLIS));
            }
        }
    }

    /** Reads what {@code source} has without blocking; whether it read anything. */
    private boolean pump(Source source) {
        try {
            if (!source.closed) {
                int available = source.in.available();
                if (available > 0) {
                    int n = source.in.read(buffer, 0, Math.min(available, buffer.length));
                    if (n > 0) {
                        source.feed(buffer, n);
                        return true;
                    }
                    if (n == 0) {
                        return false;
                    }
                } else if (!source.exited.isDone()) {
                    return false;
                } else {
                    sources.remove(source);
                    Threads.background().execute(source::readToEnd);
                    return false;
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("plugin '{}': output stream ended: {}", source.pluginName, e.toString());
        }
        sources.remove(source);
        source.end();
        return false;
    }

    /** One registered stream. Fed by one thread at a time: the pump's, then (handed over) the drain's. */
    private final class Source implements Registration {
        final String pluginName;
        final InputStream in;
        final LineSplitter splitter;
        final CompletableFuture<?> exited;
        final Sink sink;
        volatile boolean closed;
        private boolean ended;

        Source(String pluginName, InputStream in, LineSplitter splitter, CompletableFuture<?> exited, Sink sink) {
            this.pluginName = pluginName;
            this.in = in;
            this.splitter = splitter;
            this.exited = exited;
            this.sink = sink;
        }

        boolean urgent() {
            try {
                return sink.urgent();
            } catch (RuntimeException e) {
                return false;
            }
        }

        void feed(byte[] bytes, int n) {
            splitter.feed(bytes, 0, n, this::hand);
        }

        private void hand(LineSplitter.Line line) {
            try {
                sink.line(line);
            } catch (RuntimeException e) {
                log.warn("plugin '{}': a line of its output could not be handled: {}", pluginName, e.toString());
            }
        }

        /** After the process exited: blocking reads until the end of the stream. */
        void readToEnd() {
            byte[] bytes = new byte[BUFFER_BYTES];
            try {
                int n;
                while (!closed && (n = in.read(bytes)) >= 0) {
                    splitter.feed(bytes, 0, n, this::hand);
                }
            } catch (IOException e) {
                log.debug("plugin '{}': output stream ended: {}", pluginName, e.toString());
            }
            end();
        }

        void end() {
            if (ended) {
                return;
            }
            ended = true;
            splitter.finish(this::hand);
            try {
                sink.end();
            } catch (RuntimeException e) {
                log.warn("plugin '{}': the end of its output could not be handled: {}", pluginName, e.toString());
            }
        }

        @Override
        public void close() {
            closed = true;
            try {
                in.close();
            } catch (IOException e) {
                // best effort: the pump ends the stream anyway
            }
            wake();
        }
    }
}
