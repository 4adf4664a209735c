package io.halkyon.plugin.proto.internal.broker;

import io.halkyon.plugin.proto.goplugin.ConnInfo;
import io.halkyon.plugin.proto.internal.net.ServerListener;
import io.halkyon.plugin.proto.internal.net.TcpAddresses;
import java.nio.charset.StandardCharsets;

/**
 * Validates a connection offer from the (untrusted) peer before anything dials it: only a
 * unix socket at an absolute path, or TCP on loopback, may be dialed.
 */
final class ConnInfoCheck {

    /** Longest address accepted at all, in characters. */
    static final int MAX_ADDRESS_LENGTH = 512;
    /** Linux {@code sun_path} is 108 bytes including the terminating NUL. */
    static final int MAX_UNIX_PATH_BYTES = 107;
    /** Longest piece of peer-supplied text quoted in a log line. */
    private static final int MAX_QUOTED = 64;

    private ConnInfoCheck() {
    }

    /** Why the offer must not be dialed, or null when it may. */
    static String problem(ConnInfo info) {
        String network = info.getNetwork();
        String address = info.getAddress();
        if (address.length() > MAX_ADDRESS_LENGTH) {
            return "address is " + address.length() + " characters long (at most " + MAX_ADDRESS_LENGTH + ")";
        }
        if (address.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "address " + quote(address) + " contains control characters";
        }
        if (ServerListener.UNIX.equals(network)) {
            return unixProblem(address);
        }
        if (ServerListener.TCP.equals(network)) {
            return tcpProblem(address);
        }
        String hint = info.hasKnock() ? " (a multiplexing knock, which go-plugin 1.0.1 peers do not speak)" : "";
        return "network " + quote(network) + " is neither unix nor tcp" + hint;
    }

    private static String unixProblem(String path) {
        if (!path.startsWith("/")) {
            return "unix socket path " + quote(path) + " is not absolute";
        }
        int bytes = path.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_UNIX_PATH_BYTES) {
            return "unix socket path is " + bytes + " bytes long (at most " + MAX_UNIX_PATH_BYTES + ")";
        }
        return null;
    }

    private static String tcpProblem(String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            return "tcp address " + quote(address) + " is not host:port";
        }
        String host = address.substring(0, colon);
        if (!TcpAddresses.onLoopback(host)) {
            return "tcp address " + quote(address) + " is not on loopback (127.0.0.1, [::1] or localhost)";
        }
        String port = address.substring(colon + 1);
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            return "tcp address " + quote(address) + " has no valid port (1..65535)";
        }
        return null;
    }

    /** Peer text made safe for one log line: quoted, control characters escaped, truncated. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder("'");
        int limit = Math.min(text.length(), MAX_QUOTED);
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('\'');
        if (text.length() > MAX_QUOTED) {
            out.append("... (").append(text.length()).append(" characters)");
        }
        return out.toString();
    }
}
