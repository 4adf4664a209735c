package io.halkyon.plugin.host.fetch.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fetcher's bookkeeping under {@code <pluginsDir>/.halkyon-fetch/} (a dot-entry, so a
 * PluginManager ignores it): one {@link FetchRecord} per successfully fetched reference, named
 * by a hash of the reference, plus the temporary downloads and staging directories of fetches
 * in progress (on the plugins directory's filesystem, so the final moves are atomic renames).
 */
final class FetchRecords {

    static final String DIRECTORY = ".halkyon-fetch";
    /** Largest record read, in bytes: 1000 files of 255-byte names fit three times over. */
    static final int MAX_RECORD_SIZE = 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(FetchRecords.class);
    private static final String SUFFIX = ".done";

    private final Path pluginsDir;
    private final Path dir;

    FetchRecords(Path pluginsDir) {
        this.pluginsDir = pluginsDir;
        this.dir = pluginsDir.resolve(DIRECTORY);
    }

    /** Creates the directories and removes what an interrupted earlier run left behind. */
    void prepare() throws IOException {
        Files.createDirectories(dir);
        sweep();
    }

    /** Removes temporary downloads and staging directories; none may be in use. */
    void sweep() throws IOException {
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

    /**
     * The record of {@code reference}, empty when there is none.
     *
     * @throws IOException saying why it cannot be used (then it should be deleted)
     */
    Optional<FetchRecord> read(String reference) throws IOException {
        Optional<FetchRecord> record = readFile(recordOf(reference));
        if (record.isPresent() && !record.get().reference().equals(reference)) {
            throw new IOException("it records another reference");
        }
        return record;
    }

    /** Every usable record, by reference; unusable ones are skipped (they claim nothing). */
    Map<String, FetchRecord> readAll() throws IOException {
        Map<String, FetchRecord> all = new LinkedHashMap<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
                try {
                    readFile(p).ifPresent(r -> all.put(r.reference(), r));
                } catch (IOException e) {
                    log.debug("skipping the unusable record {}: {}", p, e.getMessage());
                }
            }
        }
        return all;
    }

    /** Records a successful fetch, atomically. */
    void write(FetchRecord record) throws IOException {
        Path tmp = Files.createTempFile(dir, "record-", ".tmp");
        Files.write(tmp, record.lines(), StandardCharsets.UTF_8);
        move(tmp, recordOf(record.reference()));
    }

    void delete(String reference) throws IOException {
        Files.deleteIfExists(recordOf(reference));
    }

    /** The file {@code name} of the plugins directory. */
    Path file(String name) {
        return pluginsDir.resolve(name);
    }

    Path newTempFile() throws IOException {
        return Files.createTempFile(dir, "download-", ".part");
    }

    Path newStagingDirectory() throws IOException {
        return Files.createTempDirectory(dir, "stage-");
    }

    private Path recordOf(String reference) {
        return dir.resolve(Digests.sha256Hex(reference).substring(0, 32) + SUFFIX);
    }

    private static Optional<FetchRecord> readFile(Path path) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readNBytes(MAX_RECORD_SIZE + 1);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (bytes.length > MAX_RECORD_SIZE) {
            throw new IOException("it is larger than " + Digests.size(MAX_RECORD_SIZE));
        }
        try {
            return Optional.of(FetchRecord.parse(new String(bytes, StandardCharsets.UTF_8).lines().toList()));
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
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
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
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
