package io.halkyon.operator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Stopping a command that runs until stopped, in order and with exit status 0.
 *
 * <p>SIGTERM (what Kubernetes sends) and SIGINT (Ctrl-C) are handled here (with
 * {@code sun.misc.Signal}, module {@code jdk.unsupported}) instead of by the JVM's default, which
 * would start the shutdown hooks at once and end with status 143 or 130:
 * they release {@link #await()}, so the command stops the operator, then every plugin (in
 * parallel, bounded), and returns normally. A watchdog halts the JVM with status 1 if that
 * cleanup takes longer than {@value #CLEANUP_BOUND_SECONDS} s. Any other way the JVM stops
 * ({@code System.exit}) still releases {@link #await()} through a shutdown hook, which waits
 * (bounded) for the cleanup. Closing restores the previous signal handlers.
 */
final class ShutdownSignal implements AutoCloseable {

    static final int CLEANUP_BOUND_SECONDS = 30;
    private static final Logger log = LoggerFactory.getLogger(ShutdownSignal.class);
    private static final String[] SIGNALS = {"TERM", "INT"};

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch cleanedUp = new CountDownLatch(1);
    private final AtomicBoolean signalled = new AtomicBoolean();
    private final Thread hook = new Thread(this::onShutdown, "halkyon-shutdown");
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

    ShutdownSignal() {
        Runtime.getRuntime().addShutdownHook(hook);
        for (String name : SIGNALS) {
            try {
                Signal signal = new Signal(name);
                previous.put(signal, Signal.handle(signal, this::onSignal));
            } catch (IllegalArgumentException e) {
                log.debug("signal {} cannot be handled here: {}", name, e.getMessage());
            }
        }
    }

    /** Blocks until the process is asked to stop. */
    void await() throws InterruptedException {
        stopRequested.await();
    }

    /** Blocks until the process is asked to stop or {@code timeout} passed; true when asked to stop. */
    boolean await(Duration timeout) throws InterruptedException {
        return stopRequested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void onSignal(Signal signal) {
        if (!signalled.compareAndSet(false, true)) {
            log.info("SIG{} again: already stopping (bounded to {} s)", signal.getName(), CLEANUP_BOUND_SECONDS);
            return;
        }
        log.info("SIG{} received: stopping the operator, then every plugin", signal.getName());
        Thread watchdog = new Thread(() -> {
            try {
                if (!cleanedUp.await(CLEANUP_BOUND_SECONDS, TimeUnit.SECONDS)) {
                    log.error("stopping took longer than {} s: exiting now", CLEANUP_BOUND_SECONDS);
                    Runtime.getRuntime().halt(1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "halkyon-shutdown-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        stopRequested.countDown();
    }

    private void onShutdown() {
        stopRequested.countDown();
        try {
            cleanedUp.await(CLEANUP_BOUND_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Cleanup is done: restores the signal handlers; the hook may let the JVM exit. */
    @Override
    public void close() {
        cleanedUp.countDown();
        previous.forEach((signal, handler) -> {
            try {
                Signal.handle(signal, handler);
            } catch (IllegalArgumentException e) {
                log.debug("cannot restore the handler of SIG{}: {}", signal.getName(), e.getMessage());
            }
        });
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is running and has just been released
        }
    }
}
