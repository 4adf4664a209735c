package io.halkyon.plugin.host;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link PluginManager}'s threads, made on first use: one timer (directory polls, health
 * checks, restart backoffs: short tasks only) and a pool of {@code parallelStarts} threads (each
 * ending after 30 s idle) for starts, which block for up to
 * the start timeout. Its own lock: never calls out while holding it.
 */
final class ManagerThreads {

    private static final Logger log = LoggerFactory.getLogger(ManagerThreads.class);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final int parallelStarts;
    private ScheduledExecutorService timer;
    private ExecutorService work;
    private boolean closed;

    ManagerThreads(int parallelStarts) {
        this.parallelStarts = parallelStarts;
    }

    synchronized ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return timer().schedule(guard(task), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    synchronized ScheduledFuture<?> every(Runnable task, Duration interval) {
        return timer().scheduleWithFixedDelay(guard(task), interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    synchronized void work(Runnable task) {
        if (work == null) {
            // Threads that idled a while end: restarts and reloads are rare.
            ThreadPoolExecutor pool = new ThreadPoolExecutor(parallelStarts, parallelStarts, 30, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), r -> daemon("plugin-manager-work-" + COUNTER.incrementAndGet(), r));
            pool.allowCoreThreadTimeOut(true);
            work = pool;
        }
        work.execute(task);
    }

    /** Stops the timer now (pending polls, checks and restarts are dropped) and takes no more work. */
    void shutdown() {
        ExecutorService t;
        ExecutorService w;
        synchronized (this) {
            closed = true;
            t = timer;
            w = work;
        }
        if (t != null) {
            t.shutdownNow();
        }
        if (w != null) {
            w.shutdown();
        }
    }

    /** Waits (bounded) for starts in progress to end; false when some did not. */
    boolean awaitWork(Duration bound) {
        ExecutorService w;
        synchronized (this) {
            w = work;
        }
        if (w == null) {
            return true;
        }
        try {
            return w.awaitTermination(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private ScheduledExecutorService timer() {
        if (timer == null) {
            if (closed) {
                throw new java.util.concurrent.RejectedExecutionException("closed");
            }
            timer = Executors.newSingleThreadScheduledExecutor(r -> daemon("plugin-manager-timer-"
                    + COUNTER.incrementAndGet(), r));
        }
        return timer;
    }

    /** A periodic task that throws would never run again: log instead. */
    private static Runnable guard(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("plugin manager task failed", e);
            }
        };
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }
}
