package io.halkyon.plugin.host.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every plugin process not yet stopped, and one JVM shutdown hook that stops them all in
 * parallel, so a host that exits normally leaves no plugin behind. (A host killed with
 * SIGKILL cannot run hooks: SDK plugins watch their parent and the end of their stdin instead.)
 */
public final class LiveClients {

    private static final Logger log = LoggerFactory.getLogger(LiveClients.class);
    private static final Set<Runnable> LIVE = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOKED = new AtomicBoolean();
    /** Bound of the hook itself, so a stuck kill cannot hold the JVM's exit forever. */
    private static final long HOOK_BOUND_SECONDS = 30;

    private LiveClients() {
    }

    public static void add(Runnable killer) {
        if (HOOKED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(LiveClients::killAll, "plugin-host-shutdown"));
        }
        LIVE.add(killer);
    }

    public static void remove(Runnable killer) {
        LIVE.remove(killer);
    }

    private static void killAll() {
        List<Runnable> killers = new ArrayList<>(LIVE);
        if (killers.isEmpty()) {
            return;
        }
        log.info("JVM exiting: stopping {} plugin(s)", killers.size());
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (Runnable killer : killers) {
            // Own threads: the shared pool may already be refusing work during shutdown.
            CompletableFuture<Void> done = new CompletableFuture<>();
            Thread t = Threads.daemon("plugin-host-shutdown-kill", () -> {
                try {
                    killer.run();
                } finally {
                    done.complete(null);
                }
            });
            t.start();
            all.add(done);
        }
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(HOOK_BOUND_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("JVM exiting: not every plugin stopped in time: {}", e.toString());
        }
    }
}
