package io.halkyon.plugin.host.internal;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * The one rule for a path a plugin could have placed or changed (a socket it names, the record
 * directory, a socket directory left behind): the host trusts it only when the host's user owns it
 * and no other user may write to it.
 */
final class HostUserFiles {

    private HostUserFiles() {
    }

    /** The user the host runs as. */
    static String hostUser() {
        return System.getProperty("user.name");
    }

    /** Whether {@code owner} is the host's user. */
    static boolean ownedByHostUser(UserPrincipal owner) {
        return owner.getName().equals(hostUser());
    }

    /** Whether users other than the owner may write. */
    static boolean writableByOthers(Set<PosixFilePermission> permissions) {
        return permissions.contains(PosixFilePermission.GROUP_WRITE)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE);
    }
}
