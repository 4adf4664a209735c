package io.halkyon.plugin.host.internal;

import io.halkyon.plugin.api.PluginChecksumException;
import io.halkyon.plugin.api.PluginException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Checksum before exec without go-plugin's race (it hashes the file, then runs the path, which
 * may by then hold something else): the file is hashed while it is copied into a directory that
 * only the host's user can write to or list, and the copy runs. What runs is exactly what was hashed.
 */
public final class VerifiedExecutable {

    private VerifiedExecutable() {
    }

    /**
     * @return the private copy, in a directory only the host's user can write to or list
     * @throws PluginChecksumException naming the file and both digests when they differ (no copy is left)
     */
    public static Path copy(String pluginName, Path file, String expectedSha256) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("hk-exec",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
            Path copy = dir.resolve(file.getFileName());
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(file);
                 OutputStream out = new DigestOutputStream(Files.newOutputStream(copy, StandardOpenOption.CREATE_NEW,
                         StandardOpenOption.WRITE), sha256)) {
                in.transferTo(out);
            }
            String actual = HexFormat.of().formatHex(sha256.digest());
            if (!actual.equals(expectedSha256)) {
                throw new PluginChecksumException(pluginName, "plugin '" + pluginName + "': " + file
                        + " does not have the pinned SHA-256: expected " + expectedSha256 + ", the file has " + actual
                        + "; not running it", expectedSha256, actual);
            }
            // Readable and runnable by a plugin of another user (runAs); writable by nobody, in a
            // directory only the host can write to or list.
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("r-xr-xr-x"));
            return copy;
        } catch (IOException e) {
            ProcessTree.deleteTree(dir);
            throw new PluginException(pluginName, "plugin '" + pluginName + "': cannot read " + file
                    + " to check its SHA-256: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            ProcessTree.deleteTree(dir);
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        } catch (RuntimeException e) {
            ProcessTree.deleteTree(dir);
            throw e;
        }
    }

    /** Removes a copy made by {@link #copy} and its directory; null is nothing to do. */
    public static void remove(Path copy) {
        if (copy != null) {
            ProcessTree.deleteTree(copy.getParent());
        }
    }
}
