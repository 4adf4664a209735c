package io.halkyon.plugin.host.fetch.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks a {@code .tar.gz} into an empty staging directory, refusing the whole archive on the
 * first entry that is not a regular file or a directory (symbolic and hard links, devices,
 * FIFOs, sparse files), whose name breaks {@link PathRules} (a single leading {@code ./}, the
 * usual archive root, is allowed) or is absolute, or that would take the name of the fetcher's
 * own records; and once it holds more than {@code maxEntries} entries or more than
 * {@code maxTotal} bytes (declared or written). Work is linear in the number of entries.
 * Executable bits and modification times are kept; group/other write bits are dropped.
 */
final class TarballUnpacker {

    /** One regular file written: where, relative to the staging directory, and its SHA-256. */
    record Unpacked(Path relative, String sha256) {
    }

    private TarballUnpacker() {
    }

    /** @return the regular files written, in archive order (a name written twice appears once, last content) */
    static List<Unpacked> unpack(String reference, Path archive, Path into, long maxTotal, int maxEntries) {
        Map<Path, Unpacked> files = new LinkedHashMap<>();
        long total = 0;
        int entries = 0;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
             InputStream gz = new GzipCompressorInputStream(raw, true);
             BoundedTarInput tar = new BoundedTarInput(gz)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (++entries > maxEntries) {
                    throw FetchFailure.permanent(reference, "plugin reference '" + reference + "': the tarball holds"
                            + " more than " + maxEntries + " entries (PluginFetchConfig.maxTarEntries); nothing was"
                            + " written");
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new IOException("interrupted");
                }
                Path relative = safeRelative(reference, entry.getName());
                long before = total;
                total += Math.max(0, entry.getSize());
                if (total > maxTotal) {
                    throw tooLarge(reference, maxTotal);
                }
                if (relative == null) {
                    continue; // the archive's root, "./"
                }
                Path target = into.resolve(relative);
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                byte flag = entry.getLinkFlag();
                if (entry.isSparse() || flag != TarConstants.LF_NORMAL && flag != TarConstants.LF_OLDNORM
                        && flag != TarConstants.LF_CONTIG) {
                    throw refuse(reference, entry.getName(), describeType(entry));
                }
                Files.createDirectories(target.getParent());
                if (Files.isDirectory(target)) {
                    throw refuse(reference, entry.getName(), "a file with the name of a directory already unpacked");
                }
                String sha256 = write(reference, tar, target, maxTotal - before, maxTotal);
                Files.setPosixFilePermissions(target, permissions(entry.getMode()));
                // Kept so that a class data sharing archive shipped beside a jar still matches it.
                Files.setLastModifiedTime(target, entry.getLastModifiedTime());
                files.put(relative, new Unpacked(relative, sha256));
            }
        } catch (BoundedTarInput.Refused e) {
            throw FetchFailure.permanent(reference, "plugin reference '" + reference + "': refusing the tarball: "
                    + e.getMessage() + "; nothing was written");
        } catch (IOException e) {
            throw FetchFailure.permanent(reference, "plugin reference '" + reference + "': cannot unpack the tarball: "
                    + HttpTransfer.describe(e) + "; nothing was written");
        }
        return new ArrayList<>(files.values());
    }

    /** Copies the current entry's bytes, at most {@code room} of them, hashing them. */
    private static String write(String reference, InputStream tar, Path target, long room, long maxTotal)
            throws IOException {
        MessageDigest digest = Digests.sha256();
        byte[] buffer = new byte[64 * 1024];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(target)) {
            int n;
            while ((n = tar.read(buffer)) >= 0) {
                written += n;
                if (written > room) {
                    throw tooLarge(reference, maxTotal);
                }
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        }
        return Digests.hex(digest.digest());
    }

    /** The entry's path, checked; null for the archive's root itself. */
    private static Path safeRelative(String reference, String name) {
        if (name.startsWith("/")) {
            throw refuse(reference, name, "an absolute path");
        }
        String path = name.startsWith("./") ? name.substring(2) : name;
        if (path.isEmpty() || path.equals(".")) {
            return null;
        }
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1); // a directory
        }
        String problem = PathRules.pathProblem(path);
        if (problem != null) {
            throw refuse(reference, name, "a name with " + problem
                    + (problem.contains("'..'") ? " (escaping the plugins directory)" : ""));
        }
        if (path.equals(FetchRecords.DIRECTORY) || path.startsWith(FetchRecords.DIRECTORY + "/")) {
            throw refuse(reference, name, "inside " + FetchRecords.DIRECTORY + ", which holds the fetcher's records");
        }
        return Path.of(path);
    }

    private static String describeType(TarArchiveEntry e) {
        if (e.isSymbolicLink()) {
            return "a symbolic link to " + LogText.quote(e.getLinkName());
        }
        if (e.isLink()) {
            return "a hard link to " + LogText.quote(e.getLinkName());
        }
        if (e.isCharacterDevice() || e.isBlockDevice()) {
            return "a device";
        }
        if (e.isFIFO()) {
            return "a FIFO";
        }
        if (e.isSparse()) {
            return "a sparse file";
        }
        return "of tar type " + LogText.quote(String.valueOf((char) e.getLinkFlag())) + ", not a regular file or"
                + " directory";
    }

    private static FetchFailure refuse(String reference, String entry, String what) {
        return FetchFailure.permanent(reference, "plugin reference '" + reference + "': refusing the tarball: entry "
                + LogText.quote(entry) + " is " + what + "; only regular files and directories inside the plugins"
                + " directory are accepted, nothing was written");
    }

    private static FetchFailure tooLarge(String reference, long maxTotal) {
        return FetchFailure.permanent(reference, "plugin reference '" + reference + "': the tarball unpacks to more"
                + " than " + Digests.size(maxTotal) + " (PluginFetchConfig.maxArtifactSize); nothing was written");
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> p = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        if ((mode & 0100) != 0) {
            p.add(PosixFilePermission.OWNER_EXECUTE);
        }
        if ((mode & 040) != 0) {
            p.add(PosixFilePermission.GROUP_READ);
        }
        if ((mode & 010) != 0) {
            p.add(PosixFilePermission.GROUP_EXECUTE);
        }
        if ((mode & 04) != 0) {
            p.add(PosixFilePermission.OTHERS_READ);
        }
        if ((mode & 01) != 0) {
            p.add(PosixFilePermission.OTHERS_EXECUTE);
        }
        return p;
    }
}
