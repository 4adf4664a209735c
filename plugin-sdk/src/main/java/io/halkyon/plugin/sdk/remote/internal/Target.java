package io.halkyon.plugin.sdk.remote.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator's address: {@code host:port} (an IPv6 address in brackets) or
 * {@code unix:/absolute/path}. Parsed without resolving anything.
 *
 * @param text     as given
 * @param unixPath the socket path, or null for TCP
 * @param host     the host without brackets, or null for a unix socket
 * @param port     the TCP port, or 0 for a unix socket
 */
public record Target(String text, String unixPath, String host, int port) {

    private static final String UNIX = "unix:";
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+):([0-9]{1,5})");
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    /** @throws IllegalArgumentException saying what was expected (the caller names the field) */
    public static Target parse(String text) {
        if (text.startsWith(UNIX)) {
            String path = text.substring(UNIX.length());
            if (!path.startsWith("/") || path.length() < 2 || path.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("must name a unix socket by its absolute path, unix:/path/to/socket");
            }
            return new Target(text, path, null, 0);
        }
        if (text.contains("://")) {
            throw new IllegalArgumentException("must be host:port or unix:/path, not a URL");
        }
        Matcher m = HOST_PORT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("must be host:port ([address]:port for IPv6) or unix:/path");
        }
        int port = Integer.parseInt(m.group(2));
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("must have a port within 1..65535");
        }
        String host = m.group(1);
        return new Target(text, null, host.startsWith("[") ? host.substring(1, host.length() - 1) : host, port);
    }

    public boolean isUnix() {
        return unixPath != null;
    }

    /** A unix socket, {@code localhost} or a loopback address: the token does not cross a network. */
    public boolean isLocal() {
        if (isUnix() || host.equalsIgnoreCase("localhost")) {
            return true;
        }
        return IPV4.matcher(host).matches() ? host.startsWith("127.") : host.equals("::1") || host.equals("0:0:0:0:0:0:0:1");
    }

    @Override
    public String toString() {
        return text;
    }
}
