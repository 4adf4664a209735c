package io.halkyon.plugin.host.fetch.internal;

import java.nio.file.Path;
import java.util.List;

/**
 * A fetched and verified artifact whose plugins wait, outside the plugins directory, to be
 * installed (or discarded when another reference already provides one of their names).
 *
 * @param sha256 the artifact's SHA-256
 * @param files  the plugins, each to land at the top of the plugins directory under its name
 * @param work   the temporary file or staging directory holding them; deleted by {@link #discard()}
 * @param bytes  the artifact's size, as fetched
 */
record Staged(String sha256, List<File> files, Path work, long bytes) {

    /** One plugin file: its name in the plugins directory, where it waits, and its SHA-256. */
    record File(String name, Path path, String sha256) {
    }

    Staged {
        files = List.copyOf(files);
    }

    List<String> names() {
        return files.stream().map(File::name).toList();
    }

    void discard() {
        FetchRecords.deleteQuietly(work);
    }
}
