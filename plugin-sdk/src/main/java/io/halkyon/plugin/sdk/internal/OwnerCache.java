package io.halkyon.plugin.sdk.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentResource;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The owners a Capability plugin was sent lately, each parsed once, with the dependents its
 * resource gave for it once asked. A reconcile sends one owner, byte for byte the same, with its
 * GetDependents and every Build, Update and GetCondition of its dependents: they all share one
 * parse and one {@code dependentResourcesWith} instead of one each (N dependents: N + 1, not
 * (N + 1)²/2 dependents made).
 *
 * <p><b>Keyed on the owner's exact bytes</b> as the request carried them; an owner that differs
 * in any byte (a new resourceVersion, spec, label, field order) is another key, parsed and asked
 * anew, so an entry can never answer for another owner. What an entry holds is a function of its
 * key alone, as {@link io.halkyon.plugin.api.PluginResource} requires of
 * {@code dependentResourcesWith}. Failures are never kept: a parse that fails or a
 * {@code dependentResourcesWith} that throws is tried again by the next call.
 *
 * <p><b>Dropped</b> least recently used first, once there are more than {@value #MAX_ENTRIES} owners
 * or their bytes add up to more than {@value #MAX_BYTES}; an owner larger than {@value #MAX_OWNER_BYTES}
 * bytes is never kept. Thread-safe; the lock is held for map lookups only, never while parsing or
 * running plugin code.
 */
final class OwnerCache {

    static final int MAX_ENTRIES = 128;
    static final long MAX_BYTES = 4L << 20;
    static final int MAX_OWNER_BYTES = 256 << 10;

    /** An owner, parsed, and its dependents once they were asked for. */
    static final class Entry {
        private final Capability owner;
        private volatile List<DependentResource> dependents;

        Entry(Capability owner) {
            this.owner = owner;
        }

        Capability owner() {
            return owner;
        }

        /** The dependents, asked of {@code make} the first time (concurrent first calls may both ask). */
        List<DependentResource> dependents(Function<Capability, List<DependentResource>> make) {
            List<DependentResource> known = dependents;
            if (known == null) {
                known = make.apply(owner);
                dependents = known;
            }
            return known;
        }
    }

    // Access order: iteration starts at the least recently used.
    private final LinkedHashMap<ByteString, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    /** The entry for these bytes; {@code parse} makes one when there is none (and may throw). */
    Entry entry(ByteString json, Function<ByteString, Capability> parse) {
        synchronized (this) {
            Entry known = entries.get(json);
            if (known != null) {
                return known;
            }
        }
        Entry made = new Entry(parse.apply(json));
        if (json.size() > MAX_OWNER_BYTES) {
            return made;
        }
        // A copy: the request's bytes may be a slice of a larger buffer, which the key must not keep.
        ByteString key = UnsafeByteOperations.unsafeWrap(json.toByteArray());
        synchronized (this) {
            Entry raced = entries.putIfAbsent(key, made);
            if (raced != null) {
                return raced;
            }
            bytes += key.size();
            trim();
        }
        return made;
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized long bytes() {
        return bytes;
    }

    private void trim() {
        Iterator<Map.Entry<ByteString, Entry>> eldest = entries.entrySet().iterator();
        while ((entries.size() > MAX_ENTRIES || bytes > MAX_BYTES) && eldest.hasNext()) {
            bytes -= eldest.next().getKey().size();
            eldest.remove();
        }
    }
}
