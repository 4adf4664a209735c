package io.halkyon.plugin.proto.internal.net;

import java.util.Set;

/**
 * {@code host:port} addresses as plugins and broker peers announce them, and the one rule of
 * which hosts may be dialed on a peer's word: the loopback interface only.
 */
public final class TcpAddresses {

    /** The spellings of the loopback interface a peer may announce. */
    private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "[::1]", "localhost");

    private TcpAddresses() {
    }

    /** Whether {@code host}, as written before the port (brackets kept), names the loopback interface. */
    public static boolean onLoopback(String host) {
        return LOOPBACK_HOSTS.contains(host);
    }

    /** The host part of {@code host:port}, the brackets of an IPv6 literal removed. */
    public static String host(String address) {
        String host = address.substring(0, address.lastIndexOf(':'));
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The port of {@code host:port}. */
    public static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }
}
