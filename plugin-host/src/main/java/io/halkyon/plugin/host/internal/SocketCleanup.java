package io.halkyon.plugin.host.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the unix socket a killed plugin could not remove itself (SIGKILL runs no cleanup), and
 * its directory when that is the empty {@code plugin*} temporary directory the SDK and go-plugin
 * create; otherwise a host that restarts plugins for months would fill its temp directory.
 *
 * <p>The path comes from the plugin, which is untrusted: only a socket inside the host's own
 * socket directory for it, or a {@code plugin*} socket (or one in a {@code plugin*} directory)
 * directly under the temporary directory, is ever removed, so a plugin cannot make the host
 * delete another program's socket.
 */
public final class SocketCleanup {

    private static final Logger log = LoggerFactory.getLogger(SocketCleanup.class);
    private static final Path TMP = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();

    private SocketCleanup() {
    }

    /**
     * Call only once the plugin's process has exited.
     *
     * @param hostSocketParent the directory the host made for this plugin's socket, or null
     */
    public static void removeLeftover(String pluginName, Handshake handshake, Path hostSocketParent) {
        if (!"unix".equals(handshake.network())) {
            return;
        }
        try {
            Path socket = Path.of(handshake.address()).toAbsolutePath().normalize();
            if (!removable(socket, hostSocketParent)) {
                log.debug("plugin '{}': leaving {} alone: not where plugins put their sockets", pluginName, socket);
                return;
            }
            BasicFileAttributes a = Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isOther()) {
                return; // not a socket: not ours to remove
            }
            Files.deleteIfExists(socket);
            Path dir = socket.getParent();
            if (dir != null && dir.getFileName() != null && dir.getFileName().toString().startsWith("plugin")) {
                try (var entries = Files.list(dir)) {
                    if (entries.findAny().isEmpty()) {
                        Files.deleteIfExists(dir);
                    }
                }
            }
            log.debug("plugin '{}': removed its leftover socket {}", pluginName, socket);
        } catch (IOException | RuntimeException e) {
            // Usually gone already (a graceful stop removes it): nothing to do.
            log.trace("plugin '{}': no leftover socket to remove: {}", pluginName, e.toString());
        }
    }

    static boolean removable(Path socket, Path hostSocketParent) {
        if (hostSocketParent != null && socket.startsWith(hostSocketParent.toAbsolutePath().normalize())) {
            return true;
        }
        Path parent = socket.getParent();
        if (parent == null || socket.getFileName() == null) {
            return false;
        }
        boolean pluginFileInTmp = parent.equals(TMP) && socket.getFileName().toString().startsWith("plugin");
        boolean inPluginDirInTmp = TMP.equals(parent.getParent()) && parent.getFileName().toString().startsWith("plugin");
        return pluginFileInTmp || inPluginDirInTmp;
    }
}
