package io.halkyon.plugin.host.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events (registry changes, state changes) to listeners, in order, on one daemon thread
 * of its own, so a slow listener never holds a host thread. A listener that throws is logged and
 * the others still hear.
 */
public final class Notifier<T> {

    private static final Logger log = LoggerFactory.getLogger(Notifier.class);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final List<Consumer<T>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService thread;

    /** @param name the thread's name, e.g. {@code plugin-manager-registry} */
    public Notifier(String name) {
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name + "-" + COUNTER.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public void add(Consumer<T> listener) {
        listeners.add(listener);
    }

    public void remove(Consumer<T> listener) {
        listeners.remove(listener);
    }

    public void publish(T event) {
        if (listeners.isEmpty()) {
            return;
        }
        try {
            thread.execute(() -> {
                for (Consumer<T> listener : listeners) {
                    try {
                        listener.accept(event);
                    } catch (RuntimeException e) {
                        log.warn("listener failed on {}", event, e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("event after close not delivered: {}", event);
        }
    }

    public void shutdown() {
        thread.shutdown();
    }
}
