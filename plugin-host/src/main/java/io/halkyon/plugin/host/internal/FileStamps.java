package io.halkyon.plugin.host.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * What a stat of the TLS files says, to tell cheaply whether they changed. The real path catches
 * the kubelet's {@code ..data} symlink swap, the file key (device and inode) a file moved into
 * place, modification time and size a file rewritten where it is; any one differing is a change.
 */
record FileStamps(Stamp cert, Stamp key) {

    /** One file; all null when it cannot be looked at (missing, mid-swap), itself a state to notice leaving. */
    record Stamp(Path realPath, Object fileKey, FileTime modified, long size) {

        static Stamp of(Path file) {
            try {
                Path real = file.toRealPath();
                BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
                return new Stamp(real, attributes.fileKey(), attributes.lastModifiedTime(), attributes.size());
            } catch (IOException | SecurityException e) {
                return new Stamp(null, null, null, -1);
            }
        }
    }

    static FileStamps of(Path certFile, Path keyFile) {
        return new FileStamps(Stamp.of(certFile), Stamp.of(keyFile));
    }
}
