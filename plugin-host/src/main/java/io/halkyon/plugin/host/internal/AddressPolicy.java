package io.halkyon.plugin.host.internal;

import io.halkyon.plugin.api.PluginHandshakeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * Where the host agrees to dial on a plugin's word (its handshake line is untrusted): TCP on
 * loopback within the port range the host offered; a unix socket inside the directory the host
 * gave the plugin or, for plugins that ignore that directory (go-plugin 1.0.1), a socket owned
 * by the host's own user that nobody else can write to. Symbolic links are resolved first, so a
 * link in the plugin's directory cannot lead the host to another program's socket. A socket that
 * does not exist is left to the connection, which says nothing answers there.
 */
public final class AddressPolicy {

    private AddressPolicy() {
    }

    /**
     * @param hostSocketDir the directory the host made for this plugin's socket, or null (attached plugins)
     * @throws PluginHandshakeException quoting the address and saying why it is refused
     */
    public static void check(String pluginName, Handshake handshake, int minPort, int maxPort, Path hostSocketDir) {
        if ("tcp".equals(handshake.network())) {
            int port = handshake.port();
            if (port < minPort || port > maxPort) {
                throw refused(pluginName, handshake, "port " + port + " is outside the range the host offered, "
                        + minPort + ".." + maxPort + " (PLUGIN_MIN_PORT..PLUGIN_MAX_PORT)");
            }
            return;
        }
        Path socket = Path.of(handshake.address());
        if (!socket.isAbsolute()) {
            throw refused(pluginName, handshake, "the socket path is not absolute");
        }
        Path real;
        try {
            real = socket.toRealPath();
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw refused(pluginName, handshake, "the socket cannot be examined: " + e.getMessage());
        }
        if (hostSocketDir != null && real.startsWith(realPath(hostSocketDir))) {
            return;
        }
        try {
            PosixFileAttributes a = Files.readAttributes(real, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            String where = hostSocketDir == null ? "" : " outside the directory the host gave it (PLUGIN_UNIX_SOCKET_DIR)";
            if (!a.isOther()) {
                throw refused(pluginName, handshake, real + " is not a socket");
            }
            if (!HostUserFiles.ownedByHostUser(a.owner())) {
                throw refused(pluginName, handshake, "the socket" + where + " belongs to user '" + a.owner().getName()
                        + "', not to the host's user");
            }
            if (HostUserFiles.writableByOthers(a.permissions())) {
                throw refused(pluginName, handshake, "the socket" + where + " is writable by other users");
            }
        } catch (IOException e) {
            throw refused(pluginName, handshake, "the socket cannot be examined: " + e.getMessage());
        }
    }

    private static Path realPath(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir.toAbsolutePath().normalize();
        }
    }

    private static PluginHandshakeException refused(String pluginName, Handshake handshake, String why) {
        return new PluginHandshakeException(pluginName, "plugin '" + pluginName + "' printed a handshake for "
                + handshake.network() + " " + handshake.address() + ", where the host does not dial: " + why);
    }
}
