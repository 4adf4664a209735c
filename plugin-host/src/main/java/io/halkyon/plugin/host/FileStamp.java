package io.halkyon.plugin.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * What tells a plugin file's versions apart: size, modification time, identity (a rename over
 * it) and permissions (a {@code chmod +x} makes a file that could not start worth another try).
 */
record FileStamp(long size, FileTime modified, Object fileKey, Set<PosixFilePermission> permissions) {

    /** The stamp of a regular file, or null when it is not one (gone, a directory...). */
    static FileStamp of(Path file) {
        try {
            BasicFileAttributes a;
            Set<PosixFilePermission> permissions = Set.of();
            try {
                PosixFileAttributes posix = Files.readAttributes(file, PosixFileAttributes.class);
                permissions = posix.permissions();
                a = posix;
            } catch (UnsupportedOperationException e) {
                a = Files.readAttributes(file, BasicFileAttributes.class);
            }
            return a.isRegularFile() ? new FileStamp(a.size(), a.lastModifiedTime(), a.fileKey(), permissions) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
