package io.halkyon.plugin.host.fetch.internal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fetcher's bookkeeping under {@code <pluginsDir>/.halkyon-fetch/} (a dot-entry, so a
 * PluginManager ignores it): one record per successfully fetched reference, named by a hash of
 * the reference and listing the files it produced, plus the temporary downloads and staging
 * directories of fetches in progress (on the plugins directory's filesystem, so the final moves
 * are atomic renames).
 */
final class FetchRecords {

    static final String DIRECTORY = ".halkyon-fetch";
    private static final Logger log = LoggerFactory.getLogger(FetchRecords.class);
    private static final String REFERENCE = "reference=";
    private static final String SHA256 = "sha256=";
    private static final String FILE = "file=";

    private final Path pluginsDir;
    private final Path dir;

    FetchRecords(Path pluginsDir) {
        this.pluginsDir = pluginsDir;
        this.dir = pluginsDir.resolve(DIRECTORY);
    }

    /** Creates the directories and removes what an interrupted earlier run left behind. */
    void prepare() throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(".part") || name.startsWith("stage-") || name.endsWith(".tmp")) {
                    log.info("removing {} left by an interrupted fetch", p);
                    deleteRecursively(p);
                }
            }
        }
    }

    /** The files of an earlier successful fetch of {@code reference}, when its record exists and they all do. */
    Optional<List<Path>> cached(String reference) throws IOException {
        Path record = recordOf(reference);
        if (!Files.isRegularFile(record)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(record);
        if (lines.isEmpty() || !lines.get(0).equals(REFERENCE + reference)) {
            return Optional.empty();
        }
        List<Path> files = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith(FILE)) {
                Path file = pluginsDir.resolve(line.substring(FILE.length())).normalize();
                if (!file.startsWith(pluginsDir) || !Files.isRegularFile(file)) {
                    log.info("plugin reference '{}': {} is gone, fetching again", reference, file);
                    Files.deleteIfExists(record);
                    return Optional.empty();
                }
                files.add(file);
            }
        }
        return Optional.of(files);
    }

    /** Records a successful fetch, atomically. */
    void record(String reference, String sha256, List<Path> files) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(REFERENCE + reference);
        lines.add(SHA256 + sha256);
        for (Path f : files) {
            lines.add(FILE + pluginsDir.relativize(f));
        }
        Path tmp = Files.createTempFile(dir, "record-", ".tmp");
        Files.write(tmp, lines);
        move(tmp, recordOf(reference));
    }

    Path newTempFile() throws IOException {
        return Files.createTempFile(dir, "download-", ".part");
    }

    Path newStagingDirectory() throws IOException {
        return Files.createTempDirectory(dir, "stage-");
    }

    Path recordOf(String reference) {
        return dir.resolve(Digests.sha256Hex(reference).substring(0, 32) + ".done");
    }

    /** Renames atomically, replacing a file that is there. */
    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void deleteQuietly(Path path) {
        try {
            deleteRecursively(path);
        } catch (IOException e) {
            log.warn("cannot remove {}: {}", path, e.toString());
        }
    }
}
