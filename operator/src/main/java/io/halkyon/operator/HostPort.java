package io.halkyon.operator;

import java.net.InetSocketAddress;

/** {@code HOST:PORT} options ({@code --remote-plugins-listen}, {@code --metrics-address}): one reading. */
final class HostPort {

    private HostPort() {
    }

    /**
     * {@code HOST:PORT}, {@code [IPv6]:PORT} or {@code :PORT} (every interface); port 0 picks a
     * free one. The host is resolved now.
     *
     * @throws IllegalArgumentException naming {@code option} and what was expected
     */
    static InetSocketAddress parse(String option, String value) {
        int colon = value.lastIndexOf(':');
        String host = colon < 0 ? "" : value.substring(0, colon).replace("[", "").replace("]", "").trim();
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be HOST:PORT, was '" + value + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(option + ": the port must be 0 to 65535, was " + port);
        }
        InetSocketAddress address = host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException(option + ": unknown host '" + host + "' in '" + value + "'");
        }
        return address;
    }
}
