package io.halkyon.plugin.host.fetch.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The proxies read from the environment: which variable, which URLs, credentials, unusable values. */
class EnvironmentProxiesTest {

    private static EnvironmentProxies proxies(Map<String, String> environment) {
        return EnvironmentProxies.from(environment, false);
    }

    private static String proxyOf(EnvironmentProxies proxies, String uri) {
        List<Proxy> selected = proxies.select(URI.create(uri));
        assertThat(selected).hasSize(1);
        if (selected.get(0).type() == Proxy.Type.DIRECT) {
            return "direct";
        }
        InetSocketAddress address = (InetSocketAddress) selected.get(0).address();
        return address.getHostString() + ":" + address.getPort();
    }

    @Test
    void httpsUrlsUseHttpsProxyAndHttpUrlsHttpProxy() {
        EnvironmentProxies p = proxies(Map.of("HTTPS_PROXY", "http://secure-proxy:3128", "HTTP_PROXY", "plain-proxy"));

        assertThat(proxyOf(p, "https://github.com/a/b")).isEqualTo("secure-proxy:3128");
        assertThat(proxyOf(p, "http://mirror.example/a")).as("no scheme: http://, port 80").isEqualTo("plain-proxy:80");
        assertThat(proxyOf(p, "file:/a")).isEqualTo("direct");
    }

    @Test
    void theLowercaseSpellingWinsAndAnEmptyOneDoesNot() {
        assertThat(proxyOf(proxies(Map.of("HTTPS_PROXY", "http://upper:1", "https_proxy", "http://lower:2")),
                "https://github.com/x")).isEqualTo("lower:2");
        assertThat(proxyOf(proxies(Map.of("HTTPS_PROXY", "http://upper:1", "https_proxy", "")),
                "https://github.com/x")).isEqualTo("upper:1");
        assertThat(proxyOf(proxies(Map.of("https_proxy", "http://p:1", "NO_PROXY", "github.com",
                "no_proxy", "example.com")), "https://github.com/x")).isEqualTo("p:1");
    }

    @Test
    void noProxyHostsAndLoopbackAreReachedDirectly() {
        EnvironmentProxies p = proxies(Map.of("https_proxy", "http://proxy:3128", "http_proxy", "http://proxy:3128",
                "no_proxy", ".svc.cluster.local,artifacts.corp"));

        assertThat(proxyOf(p, "https://nexus.tools.svc.cluster.local/p.jar")).isEqualTo("direct");
        assertThat(proxyOf(p, "https://artifacts.corp:8443/p.jar")).isEqualTo("direct");
        assertThat(proxyOf(p, "https://github.com/p.jar")).isEqualTo("proxy:3128");
        // A proxy would reach its own loopback, not ours: never proxied, as with Go.
        assertThat(proxyOf(p, "http://127.0.0.1:8080/p.jar")).isEqualTo("direct");
        assertThat(proxyOf(p, "http://[::1]:8080/p.jar")).isEqualTo("direct");
        assertThat(proxyOf(p, "https://localhost/p.jar")).isEqualTo("direct");
        assertThat(proxyOf(proxies(Map.of()), "https://github.com/p.jar")).isEqualTo("direct");
    }

    @Test
    void credentialsBecomeABasicHeaderWhenTheJvmSendsThemOnATunnelAndAreNeverShown() {
        EnvironmentProxies p = EnvironmentProxies.from(Map.of("HTTPS_PROXY", "http://bob:s%40cr%3At@proxy:3128"),
                true);

        EnvironmentProxies.Route route = p.route(URI.create("https://github.com/x"));

        assertThat(route.problem()).isNull();
        assertThat(route.authorization()).contains("Basic " + Base64.getEncoder().encodeToString("bob:s@cr:t".getBytes()));
        assertThat(route.shown()).isEqualTo("http://***@proxy:3128").doesNotContain("bob");
    }

    @Test
    void credentialsAreRefusedWhenTheJvmWouldSilentlyDropThemNamingThePropertyButNotThePassword() {
        EnvironmentProxies.Route route = proxies(Map.of("HTTPS_PROXY", "http://bob:secret@proxy:3128"))
                .route(URI.create("https://github.com/x"));

        assertThat(route.problem()).startsWith("HTTPS_PROXY=http://***@proxy:3128 carries credentials")
                .contains("jdk.http.auth.tunneling.disabledSchemes").doesNotContain("secret").doesNotContain("bob");
        assertThat(route.authorization()).isEmpty();
    }

    @Test
    void onlyTheJdkDefaultAndListsNamingBasicDisableBasicTunneling() {
        assertThat(EnvironmentProxies.basicTunnelingAllowed(null)).isFalse();
        assertThat(EnvironmentProxies.basicTunnelingAllowed("Basic")).isFalse();
        assertThat(EnvironmentProxies.basicTunnelingAllowed("Digest, basic")).isFalse();
        assertThat(EnvironmentProxies.basicTunnelingAllowed("")).isTrue();
        assertThat(EnvironmentProxies.basicTunnelingAllowed("NTLM")).isTrue();
    }

    @Test
    void proxiesTheJdkClientCannotSpeakFailTheirRequestsSayingWhy() {
        assertThat(proxies(Map.of("https_proxy", "socks5://proxy:1080")).route(URI.create("https://github.com/x"))
                .problem()).isEqualTo("https_proxy=socks5://proxy:1080 uses socks5://, but the JDK's HTTP client speaks"
                + " only to http:// proxies (an https:// download is still encrypted end to end through them)");
        assertThat(proxies(Map.of("https_proxy", "https://proxy:443")).route(URI.create("https://github.com/x"))
                .problem()).contains("uses https://");
        assertThat(proxies(Map.of("https_proxy", "http://bad proxy")).route(URI.create("https://github.com/x"))
                .problem()).isEqualTo("https_proxy=http://bad proxy is not a valid URL");
        assertThat(proxies(Map.of("https_proxy", "socks5://proxy:1080", "no_proxy", "github.com"))
                .route(URI.create("https://github.com/x")).direct()).as("not used, so not a problem").isTrue();
    }
}
