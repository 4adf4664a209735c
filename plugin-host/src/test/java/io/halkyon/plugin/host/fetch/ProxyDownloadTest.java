package io.halkyon.plugin.host.fetch;

import static io.halkyon.plugin.host.fetch.Tarballs.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.halkyon.plugin.host.LogCapture;
import io.halkyon.plugin.host.fetch.FetchResult.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads through the proxy of the environment: an HTTPS artifact server known by a name that
 * does not resolve ({@code artifacts.example}), reachable only through a CONNECT proxy on
 * loopback that tunnels to it, as a corporate proxy reaches the Internet.
 */
class ProxyDownloadTest {

    private static final String HOST = "artifacts.example";
    private static final byte[] JAR = "PK\u0003\u0004 a jar through a proxy".getBytes(StandardCharsets.ISO_8859_1);

    @TempDir
    Path tmp;
    private TestTls tls;
    private ArtifactServer server;
    private TunnelProxy proxy;
    private String digest;

    @BeforeEach
    void start() throws Exception {
        tls = new TestTls(HOST);
        server = new ArtifactServer(tls.server()).serve("/p.jar", JAR);
        proxy = new TunnelProxy(server.port());
        digest = sha256(JAR);
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        server.close();
    }

    private String reference() {
        return "https://" + HOST + ":" + server.port() + "/p.jar#sha256=" + digest;
    }

    private FetchResult fetch(Map<String, String> environment) {
        PluginFetchConfig config = PluginFetchConfig.builder().proxyEnvironment(environment).sslContext(tls.client())
                .attempts(1).attemptTimeout(Duration.ofSeconds(20)).build();
        return new PluginFetcher(tmp.resolve("plugins"), config).fetchAll(List.of(reference())).get(0);
    }

    @Test
    void anHttpsDownloadGoesThroughHttpsProxyAsACONNECTTunnel() throws Exception {
        FetchResult result = fetch(Map.of("HTTPS_PROXY", proxy.url()));

        assertThat(result.status()).as("%s", result).isEqualTo(Status.FETCHED);
        assertThat(Files.readAllBytes(tmp.resolve("plugins/p.jar"))).isEqualTo(JAR);
        assertThat(proxy.heads()).singleElement().asString()
                .startsWith("CONNECT " + HOST + ":" + server.port() + " HTTP/1.1");
        assertThat(server.requests()).containsExactly("/p.jar");
    }

    @Test
    void aNoProxyHostIsDialledDirectlyAndTheProxySeesNothing() {
        FetchResult result = fetch(Map.of("https_proxy", proxy.url(), "no_proxy", "localhost,.corp," + HOST));

        // Dialled directly, the name does not resolve: only the proxy could have reached it.
        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.failure().orElseThrow().getMessage()).contains("GET https://" + HOST)
                .doesNotContain("through the proxy");
        assertThat(proxy.heads()).isEmpty();
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void proxyCredentialsGoOnTheConnectOnlyAndAreNeverLogged() throws Exception {
        // The build lets the JDK send Basic on tunnels (plugin-host pom); without it the request is refused instead.
        assumeThat(System.getProperty("jdk.http.auth.tunneling.disabledSchemes")).isNotNull().doesNotContainIgnoringCase("basic");
        FetchResult result;
        try (LogCapture logs = new LogCapture("io.halkyon.plugin.host.fetch")) {
            result = fetch(Map.of("HTTPS_PROXY", "http://bob:s3cr%40t@127.0.0.1:" + proxy.port()));

            assertThat(String.join("\n", logs.messages())).doesNotContain("s3cr").doesNotContain("bob");
        }

        assertThat(result.status()).as("%s", result).isEqualTo(Status.FETCHED);
        assertThat(proxy.heads()).singleElement().asString().contains("Proxy-Authorization: Basic "
                + Base64.getEncoder().encodeToString("bob:s3cr@t".getBytes(StandardCharsets.UTF_8)));
        assertThat(server.credentials()).containsExactly("/p.jar Authorization=- Proxy-Authorization=-");
    }

    @Test
    void aProxyTheJdkClientCannotSpeakFailsTheDownloadNamingTheVariableWithoutItsCredentials() {
        FetchResult result = fetch(Map.of("HTTPS_PROXY", "socks5://bob:s3cret@127.0.0.1:" + proxy.port()));

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.failure().orElseThrow().getMessage()).contains("HTTPS_PROXY=socks5://***@127.0.0.1:")
                .contains("uses socks5://").doesNotContain("s3cret");
        assertThat(proxy.heads()).isEmpty();
        assertThat(server.requests()).isEmpty();
    }
}
