package io.halkyon.plugin.host.fetch;

import static io.halkyon.plugin.host.fetch.Tarballs.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import io.halkyon.plugin.host.LogCapture;
import io.halkyon.plugin.host.fetch.FetchResult.Status;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bearer token of a token file: sent to the release host only, read at each fetch, never passed on. */
class TokenTest {

    private static final byte[] JAR = "PK\u0003\u0004 a private plugin".getBytes(StandardCharsets.ISO_8859_1);

    @TempDir
    Path tmp;
    private Path tokenFile;
    private ArtifactServer release;
    private ArtifactServer cdn;

    @BeforeEach
    void start() throws Exception {
        tokenFile = Files.writeString(tmp.resolve("token"), "  tok-123\n");
        release = new ArtifactServer();
        // Another host: 127.0.0.2 is loopback too on Linux, so plain http is allowed to it.
        cdn = new ArtifactServer(InetAddress.getByName("127.0.0.2"));
    }

    @AfterEach
    void stop() {
        release.close();
        cdn.close();
    }

    private PluginFetchConfig.Builder config() {
        return PluginFetchConfig.builder().releaseUrlTemplate(release.url("/{owner}/{repo}/{tag}/plugin.jar"))
                .tokenFile(tokenFile).attempts(1).attemptTimeout(Duration.ofSeconds(10));
    }

    private FetchResult fetch(PluginFetchConfig config, String reference) {
        return new PluginFetcher(tmp.resolve("plugins"), config).fetchAll(List.of(reference)).get(0);
    }

    @Test
    void theTokenReachesTheReleaseHostTrimmedOnEveryRequestAndIsNeverLogged() throws Exception {
        release.serve("/acme/pg/v1/plugin.jar", JAR)
                .serve("/acme/pg/v1/checksums.txt", (sha256(JAR) + "  plugin.jar\n").getBytes(StandardCharsets.UTF_8));
        FetchResult result;
        try (LogCapture logs = new LogCapture("io.halkyon.plugin.host.fetch")) {
            result = fetch(config().build(), "acme/pg@v1");

            assertThat(String.join("\n", logs.messages())).doesNotContain("tok-123");
        }

        assertThat(result.status()).as("%s", result).isEqualTo(Status.FETCHED);
        assertThat(release.credentials()).containsExactly(
                "/acme/pg/v1/checksums.txt Authorization=Bearer tok-123 Proxy-Authorization=-",
                "/acme/pg/v1/plugin.jar Authorization=Bearer tok-123 Proxy-Authorization=-");
    }

    @Test
    void aRedirectToAnotherHostDoesNotCarryTheTokenEvenToAListedHost() throws Exception {
        release.serve("/acme/pg/v1/plugin.jar", ArtifactServer.redirect(cdn.url("/assets/plugin.jar")));
        cdn.serve("/assets/plugin.jar", JAR);
        PluginFetchConfig config = config().tokenHosts(Set.of("127.0.0.1", "127.0.0.2")).build();
        FetchResult result;
        try (LogCapture logs = new LogCapture("io.halkyon.plugin.host.fetch")) {
            result = fetch(config, "acme/pg@v1#sha256=" + sha256(JAR));

            assertThat(logs.messages()).anyMatch(m -> m.contains("the token of " + tokenFile + " is not sent to "
                    + "http://127.0.0.2:" + cdn.port()));
        }

        assertThat(result.status()).as("%s", result).isEqualTo(Status.FETCHED);
        assertThat(release.credentials()).containsExactly(
                "/acme/pg/v1/plugin.jar Authorization=Bearer tok-123 Proxy-Authorization=-");
        assertThat(cdn.credentials()).containsExactly("/assets/plugin.jar Authorization=- Proxy-Authorization=-");
    }

    @Test
    void aHostTheTokenIsNotForGetsNoneAndTheFileIsNotEvenRead() throws Exception {
        cdn.serve("/p.jar", JAR);
        Files.delete(tokenFile);

        FetchResult result = fetch(config().build(), cdn.url("/p.jar") + "#sha256=" + sha256(JAR));

        assertThat(result.status()).as("%s", result).isEqualTo(Status.FETCHED);
        assertThat(cdn.credentials()).containsExactly("/p.jar Authorization=- Proxy-Authorization=-");
    }

    @Test
    void theFileIsReadAgainAtEachFetchSoARotatedSecretIsUsed() throws Exception {
        release.serve("/acme/pg/v1/plugin.jar", JAR).serve("/acme/pg/v2/plugin.jar", JAR);
        assertThat(fetch(config().build(), "acme/pg@v1#sha256=" + sha256(JAR)).status()).isEqualTo(Status.FETCHED);

        Files.writeString(tokenFile, "tok-456");
        FetchResult second = fetch(config().build(), "acme/pg@v2#sha256=" + sha256(JAR));

        assertThat(second.status()).as("%s", second).isEqualTo(Status.FETCHED);
        assertThat(release.credentials()).containsExactly(
                "/acme/pg/v1/plugin.jar Authorization=Bearer tok-123 Proxy-Authorization=-",
                "/acme/pg/v2/plugin.jar Authorization=Bearer tok-456 Proxy-Authorization=-");
    }

    @Test
    void anUnusableTokenFileFailsTheReferenceNamingTheFileAndNothingIsSent() throws Exception {
        Files.writeString(tokenFile, " \n");
        FetchResult empty = fetch(config().build(), "acme/pg@v1");

        Files.delete(tokenFile);
        FetchResult missing = fetch(config().build(), "acme/pg@v1");

        assertThat(empty.failure().orElseThrow()).hasMessage("plugin reference 'acme/pg@v1': the token file "
                + tokenFile + " is empty");
        assertThat(missing.failure().orElseThrow()).hasMessage("plugin reference 'acme/pg@v1': cannot read the token"
                + " file " + tokenFile + " (NoSuchFileException); the token is read at each fetch");
        assertThat(release.requests()).isEmpty();
    }
}
