package io.halkyon.plugin.host.fetch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What a fetcher left in a plugins directory, for assertions. */
record PluginsDir(Path dir) {

    /** The names a PluginManager would see (not dot-entries), sorted. */
    List<String> visibleEntries() {
        return list(dir).stream().filter(n -> !n.startsWith(".")).sorted().toList();
    }

    /** What is under .halkyon-fetch besides the records of successful fetches. */
    List<String> leftovers() {
        return list(dir.resolve(".halkyon-fetch")).stream().filter(n -> !n.endsWith(".done")).toList();
    }

    /** The records of successful fetches. */
    List<String> records() {
        return list(dir.resolve(".halkyon-fetch")).stream().filter(n -> n.endsWith(".done")).toList();
    }

    private static List<String> list(Path d) {
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
