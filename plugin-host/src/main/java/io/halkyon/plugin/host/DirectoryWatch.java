package io.halkyon.plugin.host;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides, poll after poll, what changed in one watched directory. A file is acted on only when
 * its stamp differs from what is loaded and was the same at the previous poll, so a file still
 * being copied is not launched half-written. Not thread-safe: one poller calls it.
 */
final class DirectoryWatch {

    /** What to do after a poll; each file with the stamp it had. */
    record Changes(Map<Path, FileStamp> load, Map<Path, FileStamp> reload, List<Path> unload) {
        boolean isEmpty() {
            return load.isEmpty() && reload.isEmpty() && unload.isEmpty();
        }
    }

    private final Path dir;
    private final Map<Path, FileStamp> lastSeen = new HashMap<>();

    DirectoryWatch(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /**
     * @param current the directory's plugin files now
     * @param known   the files of this directory the manager holds, with the stamp they were loaded at
     * @param busy    files with a load, reload or unload in progress: left alone this time
     */
    Changes poll(Map<Path, FileStamp> current, Map<Path, FileStamp> known, Set<Path> busy) {
        Map<Path, FileStamp> load = new HashMap<>();
        Map<Path, FileStamp> reload = new HashMap<>();
        List<Path> unload = new ArrayList<>();
        current.forEach((file, stamp) -> {
            if (busy.contains(file)) {
                lastSeen.remove(file);
                return;
            }
            FileStamp have = known.get(file);
            if (stamp.equals(have)) {
                lastSeen.remove(file);
                return;
            }
            FileStamp previous = lastSeen.put(file, stamp);
            if (stamp.equals(previous)) {
                lastSeen.remove(file);
                (known.containsKey(file) ? reload : load).put(file, stamp);
            }
        });
        for (Path file : known.keySet()) {
            if (!current.containsKey(file) && !busy.contains(file)) {
                unload.add(file);
            }
        }
        lastSeen.keySet().retainAll(current.keySet());
        return new Changes(load, reload, unload);
    }
}
