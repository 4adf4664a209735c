package io.halkyon.plugin.host.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Daemon threads and the shared executor of the host's background work. */
public final class Threads {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final ExecutorService BACKGROUND = Executors.newCachedThreadPool(
            r -> daemon("plugin-host-" + COUNTER.incrementAndGet(), r));

    private Threads() {
    }

    public static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    /** A shared pool of daemon threads for exit handling and kills (never the caller's thread). */
    public static ExecutorService background() {
        return BACKGROUND;
    }
}
