package io.halkyon.plugin.host.fetch.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks a {@code .tar.gz} into an empty staging directory, refusing the whole archive on the
 * first entry that is not a regular file or a directory (symbolic and hard links, devices,
 * FIFOs, sparse files), that is absolute or escapes the directory with {@code ..}, or that
 * would take the name of the fetcher's own records. Executable bits are kept; group/other
 * write bits are dropped. Directories are created {@code rwxr-xr-x}.
 */
final class TarballUnpacker {

    private TarballUnpacker() {
    }

    /** @return the regular files written, relative to {@code into}, in archive order */
    static List<Path> unpack(String reference, Path archive, Path into, long maxTotal) throws IOException {
        List<Path> files = new ArrayList<>();
        long total = 0;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
             InputStream gz = new GzipCompressorInputStream(raw, true);
             TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path relative = safeRelative(reference, entry.getName());
                if (relative == null) {
                    continue; // the archive's root, "./"
                }
                Path target = into.resolve(relative);
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                byte flag = entry.getLinkFlag();
                if (flag != TarConstants.LF_NORMAL && flag != TarConstants.LF_OLDNORM && flag != TarConstants.LF_CONTIG) {
                    throw refuse(reference, entry.getName(), describeType(entry));
                }
                total += entry.getSize();
                if (total > maxTotal) {
                    throw FetchFailure.permanent(reference, "plugin reference '" + reference + "': the tarball unpacks"
                            + " to more than " + Digests.size(maxTotal) + " (PluginFetchConfig.maxArtifactSize)");
                }
                Files.createDirectories(target.getParent());
                if (Files.isDirectory(target)) {
                    throw refuse(reference, entry.getName(), "a file with the name of a directory already unpacked");
                }
                try (OutputStream out = Files.newOutputStream(target)) {
                    tar.transferTo(out);
                }
                Files.setPosixFilePermissions(target, permissions(entry.getMode()));
                if (!files.contains(relative)) {
                    files.add(relative);
                }
            }
        } catch (IOException e) {
            throw FetchFailure.permanent(reference, "plugin reference '" + reference + "': cannot unpack the tarball: "
                    + HttpTransfer.describe(e));
        }
        return files;
    }

    /** The entry's path, normalized and checked; null for the root itself. */
    private static Path safeRelative(String reference, String name) {
        if (name.startsWith("/")) {
            throw refuse(reference, name, "an absolute path");
        }
        Path path;
        try {
            path = Path.of(name).normalize();
        } catch (InvalidPathException e) {
            throw refuse(reference, name, "an invalid path (" + e.getMessage() + ")");
        }
        if (path.isAbsolute()) {
            throw refuse(reference, name, "an absolute path");
        }
        if (path.toString().isEmpty()) {
            return null;
        }
        if (path.startsWith("..")) {
            throw refuse(reference, name, "a path escaping the plugins directory with '..'");
        }
        if (path.getName(0).toString().equals(FetchRecords.DIRECTORY)) {
            throw refuse(reference, name, "inside " + FetchRecords.DIRECTORY + ", which holds the fetcher's records");
        }
        return path;
    }

    private static String describeType(TarArchiveEntry e) {
        if (e.isSymbolicLink()) {
            return "a symbolic link to '" + e.getLinkName() + "'";
        }
        if (e.isLink()) {
            return "a hard link to '" + e.getLinkName() + "'";
        }
        if (e.isCharacterDevice() || e.isBlockDevice()) {
            return "a device";
        }
        if (e.isFIFO()) {
            return "a FIFO";
        }
        return "of tar type '" + (char) e.getLinkFlag() + "', not a regular file or directory";
    }

    private static FetchFailure refuse(String reference, String entry, String what) {
        return FetchFailure.permanent(reference, "plugin reference '" + reference + "': refusing the tarball: entry '"
                + entry + "' is " + what + "; only regular files and directories inside the plugins directory are"
                + " accepted, nothing was written");
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
