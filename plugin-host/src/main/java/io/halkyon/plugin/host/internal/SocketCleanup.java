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
 */
public final class SocketCleanup {

    private static final Logger log = LoggerFactory.getLogger(SocketCleanup.class);

    private SocketCleanup() {
    }

    /** Call only once the plugin's process has exited. */
    public static void removeLeftover(String pluginName, Handshake handshake) {
        if (!"unix".equals(handshake.network())) {
            return;
        }
        try {
            Path socket = Path.of(handshake.address());
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
}
