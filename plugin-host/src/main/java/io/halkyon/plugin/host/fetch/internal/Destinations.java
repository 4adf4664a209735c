package io.halkyon.plugin.host.fetch.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Where a GET may go, checked before each request (the first and every redirect): {@code https}
 * anywhere; plain {@code http} only to the loopback interface, decided on the addresses the host
 * RESOLVES to (all must be loopback), and then dialled at that address literally so a second
 * resolution cannot send the request elsewhere; and never from {@code https} to {@code http} on a
 * redirect (which would also let a remote server point the operator at local services).
 */
final class Destinations {

    /** Name resolution; {@link InetAddress#getAllByName} but in tests. */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final Resolver resolver;

    Destinations() {
        this(InetAddress::getAllByName);
    }

    Destinations(Resolver resolver) {
        this.resolver = resolver;
    }

    /**
     * The URI to send the request to for {@code target}.
     *
     * @param from the URL that redirected to {@code target}, or null for the first request
     * @throws FetchFailure (permanent) naming the reference and saying where it pointed and why not
     */
    URI dial(String reference, URI target, URI from) {
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        String host = target.getHost();
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw refused(reference, target, from, "only https:// (and http:// to loopback) is fetched");
        }
        if (host == null || host.isEmpty()) {
            throw refused(reference, target, from, "it names no host");
        }
        if (LogText.hasUnsafe(target.toString()) || target.getPath() != null && LogText.hasUnsafe(target.getPath())
                || target.getQuery() != null && LogText.hasUnsafe(target.getQuery())) {
            throw refused(reference, target, from, "it holds control characters");
        }
        if (scheme.equals("https")) {
            return target;
        }
        if (from != null && "https".equalsIgnoreCase(from.getScheme())) {
            throw refused(reference, target, from, "a redirect may not leave https:// for plain http://");
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            throw refused(reference, target, from, "plain http:// is fetched only from loopback addresses and "
                    + LogText.quote(host) + " cannot be resolved");
        }
        if (addresses.length == 0 || !Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress)) {
            throw refused(reference, target, from, "plain http:// is fetched only from loopback addresses and "
                    + LogText.quote(host) + " resolves to " + Arrays.stream(addresses)
                    .map(InetAddress::getHostAddress).toList() + "; use https://");
        }
        return withHost(target, addresses[0]);
    }

    /** {@code uri} with its host replaced by {@code address}, written as a literal. */
    private static URI withHost(URI uri, InetAddress address) {
        String literal = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        StringBuilder s = new StringBuilder(uri.getScheme()).append("://");
        if (uri.getRawUserInfo() != null) {
            s.append(uri.getRawUserInfo()).append('@');
        }
        s.append(literal);
        if (uri.getPort() >= 0) {
            s.append(':').append(uri.getPort());
        }
        s.append(uri.getRawPath() == null ? "" : uri.getRawPath());
        if (uri.getRawQuery() != null) {
            s.append('?').append(uri.getRawQuery());
        }
        return URI.create(s.toString());
    }

    private static FetchFailure refused(String reference, URI target, URI from, String why) {
        String what = from == null ? "GET " + LogText.escape(target.toString())
                : "the redirect from " + from + " to " + LogText.escape(target.toString());
        return FetchFailure.permanent(reference, "plugin reference '" + reference + "': " + what + " refused: " + why);
    }
}
