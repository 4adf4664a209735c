package io.halkyon.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Calls per second of {@code callers} threads calling one shared target in a loop: a warm-up,
 * then the calls that end within the measured window, divided by the window's length.
 */
final class Throughput {

    private final int callers;
    private final long warmupMillis;
    private final long measureMillis;

    Throughput(int callers, long warmupMillis, long measureMillis) {
        this.callers = callers;
        this.warmupMillis = warmupMillis;
        this.measureMillis = measureMillis;
    }

    double callsPerSecond(Runnable call) throws InterruptedException {
        LongAdder counted = new LongAdder();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long start = System.nanoTime();
        long measureFrom = start + warmupMillis * 1_000_000;
        long measureTo = measureFrom + measureMillis * 1_000_000;
        CountDownLatch done = new CountDownLatch(callers);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            Thread thread = new Thread(() -> {
                try {
                    while (failure.get() == null) {
                        call.run();
                        long now = System.nanoTime();
                        if (now >= measureTo) {
                            break;
                        }
                        if (now >= measureFrom) {
                            counted.increment();
                        }
                    }
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }, "bench-caller-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        done.await();
        if (failure.get() != null) {
            throw new IllegalStateException("a caller failed: " + failure.get(), failure.get());
        }
        return counted.sum() / (measureMillis / 1000.0);
    }
}
