package io.halkyon.plugin.host.fetch.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@code NO_PROXY} value: which hosts are reached directly. Comma-separated entries, spaces
 * and case ignored, matched the way Go's {@code httpproxy} matches them (curl differs only on
 * {@code .example.com}, which curl also lets match {@code example.com}):
 * <ul>
 *   <li>{@code *}: every host;</li>
 *   <li>{@code example.com}: that host and every name under it ({@code a.example.com});</li>
 *   <li>{@code .example.com} or {@code *.example.com}: only names under it;</li>
 *   <li>an IP address ({@code 10.0.0.1}, {@code ::1} or {@code [::1]}): that address written
 *       literally in a URL (names are not resolved to be matched);</li>
 *   <li>a CIDR block ({@code 10.0.0.0/8}, {@code fd00::/8}): literal addresses in it;</li>
 *   <li>any of these but {@code *} and a CIDR followed by {@code :port}: only that port.</li>
 * </ul>
 * Loopback is never proxied whatever this says (see {@link EnvironmentProxies}).
 */
final class NoProxy {

    private record Entry(String domain, boolean subdomainsOnly, byte[] network, int prefix, int port) {
    }

    private final boolean all;
    private final List<Entry> entries;

    private NoProxy(boolean all, List<Entry> entries) {
        this.all = all;
        this.entries = entries;
    }

    static NoProxy parse(String value) {
        boolean all = false;
        List<Entry> entries = new ArrayList<>();
        for (String raw : value == null ? new String[0] : value.split(",")) {
            String entry = raw.trim().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.equals("*")) {
                all = true;
                continue;
            }
            Entry parsed = entry(entry);
            if (parsed != null) {
                entries.add(parsed);
            }
        }
        return new NoProxy(all, List.copyOf(entries));
    }

    /** Whether {@code host} (as in a URL: a name, an IPv4 or a bracketed IPv6 literal) on {@code port} is reached directly. */
    boolean bypasses(String host, int port) {
        if (all) {
            return true;
        }
        String h = unbracket(host.toLowerCase(Locale.ROOT));
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        byte[] address = literal(h);
        for (Entry e : entries) {
            if (e.port() >= 0 && e.port() != port) {
                continue;
            }
            if (e.network() != null) {
                if (address != null && inNetwork(address, e.network(), e.prefix())) {
                    return true;
                }
            } else if (h.endsWith("." + e.domain()) || !e.subdomainsOnly() && h.equals(e.domain())) {
                return true;
            }
        }
        return false;
    }

    /** One entry, or null for one that can match nothing (it is ignored, as Go and curl ignore it). */
    private static Entry entry(String text) {
        int slash = text.indexOf('/');
        if (slash >= 0) {
            byte[] network = literal(unbracket(text.substring(0, slash)));
            int prefix = number(text.substring(slash + 1));
            return network == null || prefix < 0 || prefix > network.length * 8 ? null
                    : new Entry(null, false, network, prefix, -1);
        }
        String host = text;
        int port = -1;
        int colon = text.lastIndexOf(':');
        boolean bareIpv6 = text.indexOf(':') != colon && !text.startsWith("[");
        boolean insideBrackets = text.startsWith("[") && colon < text.indexOf(']');
        if (colon >= 0 && !bareIpv6 && !insideBrackets) {
            port = number(text.substring(colon + 1));
            host = text.substring(0, colon);
            if (port < 0) {
                return null;
            }
        }
        host = unbracket(host);
        byte[] address = literal(host);
        if (address != null) {
            return new Entry(null, false, address, address.length * 8, port);
        }
        boolean subdomainsOnly = host.startsWith(".") || host.startsWith("*.");
        String domain = host.substring(host.startsWith("*.") ? 2 : host.startsWith(".") ? 1 : 0);
        if (domain.endsWith(".")) {
            domain = domain.substring(0, domain.length() - 1);
        }
        return domain.isEmpty() ? null : new Entry(domain, subdomainsOnly, null, 0, port);
    }

    private static boolean inNetwork(byte[] address, byte[] network, int prefix) {
        if (address.length != network.length) {
            return false;
        }
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >> (bit % 8);
            if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** The bytes of an IP literal, or null for a name; never a DNS lookup. */
    static byte[] literal(String host) {
        if (host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            String[] parts = host.split("\\.");
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(parts[i]);
                if (octet > 255) {
                    return null;
                }
                bytes[i] = (byte) octet;
            }
            return bytes;
        }
        if (!host.contains(":") || !host.matches("[0-9a-f:.]+")) {
            return null;
        }
        try {
            // Bracketed, the JDK parses it as an IPv6 literal or refuses it: never a lookup.
            return InetAddress.getByName("[" + host + "]").getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Whether {@code host} is a loopback IP literal (bracketed or not); never a DNS lookup. */
    static boolean loopbackLiteral(String host) {
        byte[] address = host == null ? null : literal(unbracket(host.toLowerCase(Locale.ROOT)));
        try {
            return address != null && InetAddress.getByAddress(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static int number(String text) {
        return text.matches("\\d{1,5}") ? Integer.parseInt(text) : -1;
    }
}
