package io.halkyon.operator;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (SIGINT/SIGTERM) for a command that runs until stopped: the JVM shutdown hook releases
 * {@link #await()}, then waits (bounded) until the command has cleaned up (operator stopped,
 * plugins killed) so the JVM does not exit halfway through.
 */
final class ShutdownSignal implements AutoCloseable {

    private static final Duration CLEANUP_BOUND = Duration.ofSeconds(30);

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch cleanedUp = new CountDownLatch(1);
    private final Thread hook = new Thread(this::onShutdown, "halkyon-shutdown");

    ShutdownSignal() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Blocks until the JVM is asked to stop. */
    void await() throws InterruptedException {
        stopRequested.await();
    }

    /** Blocks until the JVM is asked to stop or {@code timeout} passed; true when asked to stop. */
    boolean await(Duration timeout) throws InterruptedException {
        return stopRequested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void onShutdown() {
        stopRequested.countDown();
        try {
            cleanedUp.await(CLEANUP_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Cleanup is done: the hook may let the JVM exit; removed when the JVM is not stopping. */
    @Override
    public void close() {
        cleanedUp.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is running and has just been released
        }
    }
}
