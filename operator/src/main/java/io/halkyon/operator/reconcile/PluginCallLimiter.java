package io.halkyon.operator.reconcile;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bulkhead per plugin: at most {@code limit} reconciliations talk to one plugin at once, so a
 * plugin hanging in its calls (each bounded by the call deadline) can hold only that many
 * reconcile threads and never starves the Capabilities of other plugins. Never blocks: a
 * reconciliation that finds its plugin at the limit is tried again later.
 */
final class PluginCallLimiter {

    private final int limit;
    private final Map<String, AtomicInteger> inUse = new ConcurrentHashMap<>();

    PluginCallLimiter(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        this.limit = limit;
    }

    int limit() {
        return limit;
    }

    /** Takes a slot of {@code pluginName}; false, taking nothing, when all its slots are taken. */
    boolean tryEnter(String pluginName) {
        AtomicInteger count = inUse.computeIfAbsent(pluginName, n -> new AtomicInteger());
        while (true) {
            int now = count.get();
            if (now >= limit) {
                return false;
            }
            if (count.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** Gives back a slot taken by {@link #tryEnter}. */
    void exit(String pluginName) {
        AtomicInteger count = inUse.get(pluginName);
        if (count != null) {
            count.updateAndGet(n -> Math.max(0, n - 1));
        }
    }

    /** How many slots of {@code pluginName} are taken. */
    int inUse(String pluginName) {
        AtomicInteger count = inUse.get(pluginName);
        return count == null ? 0 : count.get();
    }
}
