package io.halkyon.plugin.host.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes a host started for its plugins, on disk, so that a later host of the same key
 * kills what this one left if it died without stopping them (SIGKILL, OOM kill). One file per
 * host, {@code <key>.<host pid>.pids}: a first line {@code host <pid> <start ms>}, then one line
 * {@code <pid> <start ms>} per process and {@code dir <path>} per socket directory the host made
 * for a plugin. A process is killed only if it still runs with the recorded start time (a reused
 * pid is left alone), and only when the recording host is gone; a directory is removed only if
 * it is one of the host's own ({@code hk*} in the temporary directory, owned by this user).
 */
public final class ProcessRecord {

    private static final Logger log = LoggerFactory.getLogger(ProcessRecord.class);
    /** A record is a few lines per plugin; a larger file is not ours to trust. */
    static final int MAX_BYTES = 1024 * 1024;

    private final Path file;
    private List<String> written = List.of();

    private ProcessRecord(Path file) {
        this.file = file;
    }

    /**
     * Opens this host's record in {@code directory} (created 0700 if missing) after killing what
     * the dead hosts of {@code key} left there.
     *
     * @throws IOException when the directory cannot be used safely: not a directory, a symbolic
     *                     link, not owned by this user, or writable by others
     */
    public static ProcessRecord open(Path directory, String key) throws IOException {
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        }
        checkPrivate(directory);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, key + ".*.pids")) {
            for (Path other : files) {
                killLeftovers(other);
            }
        }
        return new ProcessRecord(directory.resolve(key + "." + ProcessHandle.current().pid() + ".pids"));
    }

    public Path file() {
        return file;
    }

    private static void checkPrivate(Path directory) throws IOException {
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(directory + " is not a directory (or is a symbolic link)");
        }
        UserPrincipal owner = Files.getOwner(directory, LinkOption.NOFOLLOW_LINKS);
        if (!HostUserFiles.ownedByHostUser(owner)) {
            throw new IOException(directory + " is owned by " + owner.getName() + ", not by this process's user "
                    + HostUserFiles.hostUser());
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS);
        if (HostUserFiles.writableByOthers(perms)) {
            throw new IOException(directory + " is writable by other users (" + PosixFilePermissions.toString(perms)
                    + "); it must be private to the operator's user");
        }
    }

    /** Writes the processes that run now and the plugins' socket directories, when they changed. */
    public synchronized void write(Collection<ProcessHandle> processes, Collection<Path> socketDirectories) {
        List<String> lines = new ArrayList<>();
        ProcessHandle self = ProcessHandle.current();
        lines.add("host " + self.pid() + " " + startMillis(self).orElse(0L));
        for (ProcessHandle p : processes) {
            startMillis(p).ifPresent(start -> lines.add(p.pid() + " " + start));
        }
        socketDirectories.forEach(dir -> lines.add("dir " + dir));
        if (lines.equals(written)) {
            return;
        }
        try {
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temp, lines, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            written = lines;
        } catch (IOException e) {
            log.warn("process containment: cannot write {}: {}", file, e.toString());
        }
    }

    /** Removes this host's record (every plugin process stopped). */
    public synchronized void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.debug("cannot remove {}: {}", file, e.toString());
        }
    }

    private static void killLeftovers(Path record) {
        List<String> lines;
        try (InputStream in = Files.newInputStream(record, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                log.warn("process containment: ignoring {}: over {} bytes", record, MAX_BYTES);
                return;
            }
            lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            log.warn("process containment: cannot read {}: {}", record, e.toString());
            return;
        }
        if (lines.isEmpty() || !lines.get(0).startsWith("host ")) {
            log.warn("process containment: ignoring {}: not a process record", record);
            return;
        }
        long[] host = parse(lines.get(0).substring(5));
        if (host != null && running(host[0], host[1])) {
            return; // another live host of the same key: its processes are its own
        }
        int killed = 0;
        for (String line : lines.subList(1, lines.size())) {
            if (line.startsWith("dir ")) {
                removeSocketDirectory(line.substring(4));
                continue;
            }
            long[] entry = parse(line);
            if (entry != null && entry[0] != ProcessHandle.current().pid() && running(entry[0], entry[1])) {
                ProcessHandle.of(entry[0]).ifPresent(ProcessHandle::destroyForcibly);
                killed++;
                log.warn("process containment: killed process {} left running by a previous host (pid {})",
                        entry[0], host == null ? "?" : host[0]);
            }
        }
        if (killed > 0) {
            log.warn("process containment: killed {} process(es) recorded in {}", killed, record.getFileName());
        }
        try {
            Files.deleteIfExists(record);
        } catch (IOException e) {
            log.debug("cannot remove {}: {}", record, e.toString());
        }
    }

    /** A plugin killed with its host could not remove its socket: the host's directory for it goes. */
    private static void removeSocketDirectory(String path) {
        try {
            Path dir = Path.of(path);
            Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
            if (dir.isAbsolute() && tmp.equals(dir.getParent()) && dir.getFileName().toString().startsWith("hk")
                    && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                    && HostUserFiles.ownedByHostUser(Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS))) {
                ProcessTree.deleteTree(dir);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("cannot remove {}: {}", path, e.toString());
        }
    }

    private static long[] parse(String line) {
        String[] parts = line.trim().split(" ");
        try {
            return parts.length == 2 ? new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])} : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean running(long pid, long startMillis) {
        return ProcessHandle.of(pid).filter(ProcessTree::isRunning)
                .flatMap(ProcessRecord::startMillis).filter(start -> start == startMillis).isPresent();
    }

    static Optional<Long> startMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli);
    }
}
