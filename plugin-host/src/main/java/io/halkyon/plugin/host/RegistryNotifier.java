package io.halkyon.plugin.host;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers registry changes to listeners, in order, on one daemon thread of their own. */
final class RegistryNotifier {

    private static final Logger log = LoggerFactory.getLogger(RegistryNotifier.class);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final List<Consumer<PluginRegistry>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "plugin-manager-registry-" + COUNTER.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    void add(Consumer<PluginRegistry> listener) {
        listeners.add(listener);
    }

    void remove(Consumer<PluginRegistry> listener) {
        listeners.remove(listener);
    }

    void publish(PluginRegistry registry) {
        if (listeners.isEmpty()) {
            return;
        }
        try {
            thread.execute(() -> {
                for (Consumer<PluginRegistry> listener : listeners) {
                    try {
                        listener.accept(registry);
                    } catch (RuntimeException e) {
                        log.warn("registry listener failed on {}", registry, e);
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("registry change after close not delivered: {}", registry);
        }
    }

    void shutdown() {
        thread.shutdown();
    }
}
