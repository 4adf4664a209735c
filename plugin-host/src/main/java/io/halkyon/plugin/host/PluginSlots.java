package io.halkyon.plugin.host;

import io.halkyon.plugin.host.internal.Threads;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin files a {@link PluginManager} holds, and what happens to them: load, reload,
 * unload (restarts of a loaded file's process are its handle's business). Each file's slot has a
 * generation, bumped by every operation started on it, so late results of a superseded operation
 * (a load finishing after an unload) are recognised and dropped. Called under the manager's
 * lock; slow work (starting, stopping) runs on the manager's threads, outside it.
 */
final class PluginSlots {

    private static final Logger log = LoggerFactory.getLogger(PluginSlots.class);

    private static final class Slot {
        long generation;
        FileStamp stamp;
        PluginHandle handle;
        boolean busy;
    }

    private final PluginManager manager;
    private final Map<Path, Slot> slots = new HashMap<>();
    private long generations;

    PluginSlots(PluginManager manager) {
        this.manager = manager;
    }

    /** Claims the files not held yet, marked busy; returns each with its generation. */
    Map<Path, Long> claimNew(Map<Path, FileStamp> files) {
        Map<Path, Long> claimed = new LinkedHashMap<>();
        files.forEach((file, stamp) -> {
            if (!slots.containsKey(file)) {
                claimed.put(file, claim(file, stamp));
            }
        });
        return claimed;
    }

    /** Stores the result of a load of generation {@code generation}. */
    void loaded(Path file, long generation, PluginHandle handle) {
        Slot slot = slots.get(file);
        if (slot == null || slot.generation != generation) {
            Threads.background().execute(handle::stop); // superseded meanwhile
            return;
        }
        slot.handle = handle;
        slot.busy = false;
    }

    Optional<PluginHandle> handle(Path file) {
        Slot slot = slots.get(file);
        return slot == null ? Optional.empty() : Optional.ofNullable(slot.handle);
    }

    /** Handles sorted by file name. */
    List<PluginHandle> handles() {
        return slots.values().stream().filter(s -> s.handle != null).map(s -> s.handle)
                .sorted(Comparator.comparing(h -> h.file().getFileName().toString())).toList();
    }

    Map<Path, FileStamp> stampsIn(Path dir) {
        Map<Path, FileStamp> result = new HashMap<>();
        slots.forEach((file, slot) -> {
            if (dir.equals(file.getParent())) {
                result.put(file, slot.stamp);
            }
        });
        return result;
    }

    Set<Path> busy() {
        Set<Path> busy = new HashSet<>();
        slots.forEach((file, slot) -> {
            if (slot.busy) {
                busy.add(file);
            }
        });
        return busy;
    }

    /** Starts what a poll decided, on the manager's work threads. */
    void apply(DirectoryWatch.Changes changes) {
        changes.load().forEach((file, stamp) -> {
            long generation = claim(file, stamp);
            log.info("plugin file {} appeared: loading it", file);
            manager.runWork(() -> load(file, generation, null));
        });
        changes.reload().forEach((file, stamp) -> {
            Slot slot = slots.get(file);
            PluginHandle old = slot.handle;
            slot.stamp = stamp;
            long generation = begin(slot);
            log.info("plugin file {} changed: reloading it", file);
            manager.runWork(() -> load(file, generation, old));
        });
        for (Path file : changes.unload()) {
            Slot slot = slots.get(file);
            PluginHandle old = slot.handle;
            long generation = begin(slot);
            log.info("plugin file {} removed: unloading plugin '{}'", file, PluginFiles.nameOf(file));
            manager.runWork(() -> unload(file, generation, old));
        }
    }

    private void load(Path file, long generation, PluginHandle old) {
        if (old != null) {
            old.stop();
        }
        PluginHandle handle = manager.start(file);
        synchronized (manager) {
            loaded(file, generation, handle);
            manager.rebuildRegistry();
        }
    }

    private void unload(Path file, long generation, PluginHandle old) {
        if (old != null) {
            old.stop();
        }
        synchronized (manager) {
            Slot slot = slots.get(file);
            if (slot != null && slot.generation == generation) {
                slots.remove(file);
            }
            manager.rebuildRegistry();
        }
    }

    private long claim(Path file, FileStamp stamp) {
        Slot slot = new Slot();
        slot.stamp = stamp;
        slots.put(file, slot);
        return begin(slot);
    }

    private long begin(Slot slot) {
        slot.busy = true;
        slot.generation = ++generations;
        return slot.generation;
    }
}
