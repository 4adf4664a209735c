package io.halkyon.plugin.host.fetch.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The proxies of the environment, as curl and Go read them (the JDK's HttpClient reads none):
 * {@code https_proxy}/{@code HTTPS_PROXY} for {@code https://} URLs, {@code http_proxy}/
 * {@code HTTP_PROXY} for {@code http://} ones, {@code no_proxy}/{@code NO_PROXY} for the hosts
 * reached directly ({@link NoProxy}); when both spellings are set the lowercase one wins, as
 * with curl. A proxy is {@code [http://][user:password@]host[:port]} (no scheme means
 * {@code http://}, no port 80, as Go reads it; the name is resolved at each connection). Loopback hosts ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}) are
 * always reached directly, as Go does: a proxy would reach its own loopback, not ours.
 *
 * <p>Proxy credentials become {@code Proxy-Authorization: Basic}, which the JDK sends on the
 * {@code CONNECT} of an {@code https://} download only when {@code jdk.http.auth.tunneling.disabledSchemes}
 * does not list {@code Basic} (it does by default: the proxy, reached in clear, sees them); the JDK
 * would otherwise drop them silently, so a request through such a proxy is refused, saying so.
 * What cannot be used (an {@code https://} or {@code socks5://} proxy, which the JDK's client
 * cannot speak, a malformed URL) fails the requests that would go through it, never the others.
 * Credentials are never written in a message: the proxy is shown as {@code http://***@host:port}.
 */
final class EnvironmentProxies extends ProxySelector {

    /** The JDK property listing the schemes it will not send to a proxy on a CONNECT tunnel. */
    static final String TUNNELING_DISABLED_SCHEMES = "jdk.http.auth.tunneling.disabledSchemes";

    /** One configured proxy: where it is, as written (credentials hidden), and its credentials header, or why it is unusable. */
    record Route(Proxy proxy, String shown, Optional<String> authorization, String problem) {

        static final Route DIRECT = new Route(Proxy.NO_PROXY, "direct", Optional.empty(), null);

        boolean direct() {
            return proxy.type() == Proxy.Type.DIRECT && problem == null;
        }
    }

    private final Route https;
    private final Route http;
    private final NoProxy noProxy;

    private EnvironmentProxies(Route https, Route http, NoProxy noProxy) {
        this.https = https;
        this.http = http;
        this.noProxy = noProxy;
    }

    /** The proxies {@code environment} sets; credentials usable only when {@code basicTunneling}. */
    static EnvironmentProxies from(Map<String, String> environment, boolean basicTunneling) {
        return new EnvironmentProxies(route(environment, "https_proxy", basicTunneling),
                route(environment, "http_proxy", basicTunneling), NoProxy.parse(value(environment, "no_proxy")));
    }

    /** Whether this JVM lets the HttpClient send Basic credentials on a CONNECT (see the class comment). */
    static boolean basicTunnelingAllowed(String disabledSchemes) {
        if (disabledSchemes == null) {
            return false; // the JDK's net.properties default: Basic
        }
        for (String scheme : disabledSchemes.split(",")) {
            if (scheme.trim().equalsIgnoreCase("basic")) {
                return false;
            }
        }
        return true;
    }

    /** What a request to {@code uri} goes through. */
    Route route(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        Route configured = scheme.equals("https") ? https : scheme.equals("http") ? http : Route.DIRECT;
        String host = uri.getHost();
        if (configured == Route.DIRECT || host == null || loopback(host)) {
            return Route.DIRECT;
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return noProxy.bypasses(host, port) ? Route.DIRECT : configured;
    }

    @Override
    public List<Proxy> select(URI uri) {
        Route route = route(uri);
        // An unusable proxy never gets here (HttpTransfer refuses first); direct is the safe answer.
        return List.of(route.problem() == null ? route.proxy() : Proxy.NO_PROXY);
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException e) {
        // Nothing to fall back to: the error reaches the fetch, which names the proxy.
    }

    private static Route route(Map<String, String> environment, String name, boolean basicTunneling) {
        String value = value(environment, name);
        if (value == null || value.isBlank()) {
            return Route.DIRECT;
        }
        String variable = environment.get(name) != null && !environment.get(name).isEmpty() ? name
                : name.toUpperCase(Locale.ROOT);
        String text = value.trim();
        String shown = LogText.escape(LogText.withoutCredentials(text.contains("://") ? text : "http://" + text));
        URI uri;
        try {
            uri = new URI(text.contains("://") ? text : "http://" + text);
        } catch (URISyntaxException e) {
            return unusable(variable, shown, "is not a valid URL");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http")) {
            return unusable(variable, shown, "uses " + scheme + "://, but the JDK's HTTP client speaks only to http:// "
                    + "proxies (an https:// download is still encrypted end to end through them)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty() || LogText.hasUnsafe(text)) {
            return unusable(variable, shown, "names no host");
        }
        Optional<String> authorization = Optional.empty();
        if (uri.getRawUserInfo() != null) {
            if (!basicTunneling) {
                return unusable(variable, shown, "carries credentials, which this JVM would silently not send on the"
                        + " CONNECT of an https:// download (" + TUNNELING_DISABLED_SCHEMES + " lists Basic, the JDK"
                        + " default, because the proxy is reached in clear); start the operator with"
                        + " -D" + TUNNELING_DISABLED_SCHEMES + "= (e.g. JAVA_TOOL_OPTIONS) to send them, or let the"
                        + " proxy admit the operator without credentials");
            }
            authorization = Optional.of("Basic " + Base64.getEncoder().encodeToString(
                    userInfo(uri.getRawUserInfo()).getBytes(StandardCharsets.UTF_8)));
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : 80;
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        return new Route(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, port)), shown,
                authorization, null);
    }

    private static Route unusable(String variable, String shown, String why) {
        return new Route(Proxy.NO_PROXY, shown, Optional.empty(), variable + "=" + shown + " " + why);
    }

    /** {@code user:password}, each part percent-decoded (a password may hold {@code @} or {@code :} that way). */
    private static String userInfo(String raw) {
        int colon = raw.indexOf(':');
        String user = colon < 0 ? raw : raw.substring(0, colon);
        String password = colon < 0 ? "" : raw.substring(colon + 1);
        return decode(user) + ":" + decode(password);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    private static String value(Map<String, String> environment, String lowercaseName) {
        String lower = environment.get(lowercaseName);
        return lower != null && !lower.isEmpty() ? lower : environment.get(lowercaseName.toUpperCase(Locale.ROOT));
    }

    /** A loopback name or literal: never sent to a proxy. No DNS lookup. */
    static boolean loopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        return NoProxy.loopbackLiteral(h);
    }
}
