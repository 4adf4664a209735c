package io.halkyon.operator.reconcile;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A bulkhead per plugin: at most {@code limit} reconciliations talk to one plugin at once, so a
 * plugin hanging in its calls (each bounded by the call deadline) can hold only that many
 * reconcile threads and never starves the Capabilities of other plugins. Never blocks: a
 * reconciliation that finds its plugin at the limit is remembered as waiting and handed out, the
 * longest waiting first, by the {@link #exit} that frees a slot, so it can be reconciled again at
 * once instead of after a fixed delay.
 *
 * <p>The waiting Capabilities of a plugin are kept until one is handed out, gets a slot, or is
 * {@link #forget forgotten} (deleted); each is kept once however often it was refused.
 */
final class PluginCallLimiter {

    private final int limit;
    /** Per plugin name; guarded by {@code this}. */
    private final Map<String, Slots> byPlugin = new HashMap<>();

    private static final class Slots {
        int inUse;
        final Set<ResourceID> waiting = new LinkedHashSet<>();
    }

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
        return tryEnter(pluginName, null);
    }

    /**
     * As {@link #tryEnter(String)}; when refused, {@code waiter} (unless null) is remembered so
     * that a later {@link #exit} hands it out.
     */
    synchronized boolean tryEnter(String pluginName, ResourceID waiter) {
        Slots slots = byPlugin.computeIfAbsent(pluginName, n -> new Slots());
        if (slots.inUse >= limit) {
            if (waiter != null) {
                slots.waiting.add(waiter);
            }
            return false;
        }
        slots.inUse++;
        if (waiter != null) {
            slots.waiting.remove(waiter);
        }
        return true;
    }

    /**
     * Gives back a slot taken by {@link #tryEnter}.
     *
     * @return the Capability waiting longest for a slot of this plugin, no longer remembered: the
     *         caller has it reconciled again; empty when none waits
     */
    synchronized Optional<ResourceID> exit(String pluginName) {
        Slots slots = byPlugin.get(pluginName);
        if (slots == null) {
            return Optional.empty();
        }
        slots.inUse = Math.max(0, slots.inUse - 1);
        Iterator<ResourceID> first = slots.waiting.iterator();
        if (!first.hasNext()) {
            return Optional.empty();
        }
        ResourceID next = first.next();
        first.remove();
        return Optional.of(next);
    }

    /** Stops remembering {@code waiter} (its Capability is deleted). */
    synchronized void forget(ResourceID waiter) {
        byPlugin.values().forEach(s -> s.waiting.remove(waiter));
    }

    /** How many slots of {@code pluginName} are taken. */
    synchronized int inUse(String pluginName) {
        Slots slots = byPlugin.get(pluginName);
        return slots == null ? 0 : slots.inUse;
    }

    /** How many Capabilities wait for a slot of {@code pluginName}. */
    synchronized int waiting(String pluginName) {
        Slots slots = byPlugin.get(pluginName);
        return slots == null ? 0 : slots.waiting.size();
    }
}
