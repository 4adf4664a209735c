package io.halkyon.operator.reconcile;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How many objects the operator keeps for each plugin, across all its Capabilities, against
 * {@link OperatorSettings#maxObjectsPerPlugin}.
 *
 * <p>How they are counted: per Capability, the objects of its current dependents that exist and
 * are managed by it (carry its labels) plus those about to be created, as its last
 * reconciliation planned them; a plugin's count is the sum over its Capabilities. Kept in memory:
 * the entry of a Capability is set by each reconciliation and dropped when the Capability is
 * deleted. Nothing is read at start: the Java Operator SDK reconciles every Capability once at
 * start, which rebuilds the counts; until a Capability's first reconciliation its objects are
 * not counted, so right after a restart a plugin can go past its limit by at most the objects of
 * its Capabilities not reconciled yet. Objects a Capability no longer declares, and objects it
 * did not own that outlive it, are not counted.
 *
 * <p>Only creation is refused: a Capability whose objects all exist is never refused, so
 * lowering the limit does not fail Capabilities that already have their objects.
 */
final class PluginObjectCounts {

    private final int limit;
    /** Per Capability ({@code namespace/name}): its plugin and its objects. */
    private final Map<String, Entry> byCapability = new HashMap<>();

    private record Entry(String plugin, int objects) {
    }

    PluginObjectCounts(int limit) {
        this.limit = limit;
    }

    /**
     * Records that {@code capability}, of {@code plugin}, keeps {@code existing} objects and is
     * about to create {@code toCreate} more; refuses (recording only {@code existing}) when that
     * takes the plugin past the limit.
     *
     * @return why the creation is refused, naming the plugin, the count and the limit; empty when allowed
     */
    synchronized Optional<String> reserve(String plugin, String capability, int existing, int toCreate) {
        int others = byCapability.entrySet().stream()
                .filter(e -> !e.getKey().equals(capability) && e.getValue().plugin().equals(plugin))
                .mapToInt(e -> e.getValue().objects()).sum();
        int total = others + existing + toCreate;
        if (toCreate > 0 && total > limit) {
            byCapability.put(capability, new Entry(plugin, existing));
            return Optional.of("plugin '" + plugin + "' would keep " + total + " objects across its Capabilities ("
                    + (others + existing) + " now, " + toCreate + " more for this one), over the limit of " + limit
                    + " objects per plugin (--max-objects-per-plugin); nothing was created for this Capability");
        }
        byCapability.put(capability, new Entry(plugin, existing + toCreate));
        return Optional.empty();
    }

    /** Forgets {@code capability}: it is deleted, and so are the objects it owned. */
    synchronized void forget(String capability) {
        byCapability.remove(capability);
    }

    /** The objects counted for {@code plugin}. */
    synchronized int count(String plugin) {
        return byCapability.values().stream().filter(e -> e.plugin().equals(plugin)).mapToInt(Entry::objects).sum();
    }
}
