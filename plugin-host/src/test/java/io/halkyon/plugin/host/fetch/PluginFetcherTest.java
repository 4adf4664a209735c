package io.halkyon.plugin.host.fetch;

import static io.halkyon.plugin.host.fetch.Tarballs.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import io.halkyon.plugin.api.PluginChecksumException;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.host.LogCapture;
import io.halkyon.plugin.host.fetch.FetchResult.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HALKYON_PLUGINS against a JDK HttpServer on loopback: fetch, verify, unpack, cache, retry. */
class PluginFetcherTest {

    private static final byte[] JAR = "PK\u0003\u0004 pretend this is a jar".getBytes(StandardCharsets.ISO_8859_1);

    @TempDir
    Path tmp;
    private Path plugins;
    private ArtifactServer server;

    @BeforeEach
    void start() throws IOException {
        plugins = tmp.resolve("plugins");
        server = new ArtifactServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private PluginFetchConfig config(String assetName) {
        return PluginFetchConfig.builder().releaseUrlTemplate(server.url("/{owner}/{repo}/{tag}/" + assetName))
                .attempts(3).initialBackoff(Duration.ofMillis(20)).attemptTimeout(Duration.ofSeconds(10)).build();
    }

    private FetchResult fetch(PluginFetchConfig config, String reference) {
        return new PluginFetcher(plugins, config).fetchAll(List.of(reference)).get(0);
    }

    @Test
    void aReleaseJarIsVerifiedAgainstChecksumsTxtAndCachedAtTheNextStartWithTheServerDown() throws Exception {
        server.serve("/acme/pg/v1/plugin.jar", JAR)
                .serve("/acme/pg/v1/checksums.txt", (sha256(new byte[1]) + "  other.tar.gz\n" + sha256(JAR)
                        + "  plugin.jar\n").getBytes(StandardCharsets.UTF_8));

        FetchResult first = fetch(config("plugin.jar"), "acme/pg@v1");

        assertThat(first.status()).as("%s", first).isEqualTo(Status.FETCHED);
        Path jar = plugins.resolve("plugin.jar");
        assertThat(first.files()).containsExactly(jar);
        assertThat(Files.readAllBytes(jar)).isEqualTo(JAR);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(jar))).isEqualTo("rw-r--r--");
        assertThat(server.requests()).containsExactly("/acme/pg/v1/checksums.txt", "/acme/pg/v1/plugin.jar");
        assertThat(visibleEntries()).containsExactly("plugin.jar");
        assertThat(records()).hasSize(1);

        server.close();
        FetchResult second = fetch(config("plugin.jar"), "acme/pg@v1");

        assertThat(second.status()).as("%s", second).isEqualTo(Status.CACHED);
        assertThat(second.files()).containsExactly(jar);
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void aTarballIsUnpackedKeepingExecutableBitsAndOnlyItsPluginsLandAtTheTop() throws Exception {
        byte[] tgz = new Tarballs().dir("./").file("./postgres-plugin", "#!/bin/sh\nexit 0\n", 0755)
                .file("./docs/README.md", "read me\n", 0644).file("./LICENSE", "license\n", 0644)
                .file("./dist/redis-plugin", "#!/bin/sh\nexit 0\n", 0750).file("./lib/extra.jar", "jar", 0644).build();
        server.serve("/dl/halkyon_plugin_linux.tar.gz", tgz);
        String ref = server.url("/dl/halkyon_plugin_linux.tar.gz") + "#sha256=" + sha256(tgz).toUpperCase();

        FetchResult result = fetch(config("x.jar"), ref);

        assertThat(result.status()).as("%s", result).isEqualTo(Status.FETCHED);
        assertThat(result.files()).containsExactly(plugins.resolve("postgres-plugin"), plugins.resolve("redis-plugin"),
                plugins.resolve("extra.jar"));
        assertThat(Files.readString(plugins.resolve("postgres-plugin"))).isEqualTo("#!/bin/sh\nexit 0\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(plugins.resolve("postgres-plugin"))))
                .isEqualTo("rwxr-xr-x");
        assertThat(plugins.resolve("README.md")).doesNotExist();
        assertThat(plugins.resolve("LICENSE")).doesNotExist();
        assertThat(plugins.resolve("docs")).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aJarsClassArchiveBesideItInATarballIsKeptWithItsTimeAndAStrayOneIsNot() throws Exception {
        java.time.Instant built = java.time.Instant.parse("2026-01-02T03:04:05Z");
        byte[] tgz = new Tarballs().file("./dist/my-plugin.jar", "jar", 0644, built)
                .file("./dist/my-plugin.jsa", "cds", 0644, built.plusSeconds(7))
                .file("./other/stray.jsa", "cds", 0644).file("./elsewhere/my-plugin-2.jsa", "cds", 0644).build();
        server.serve("/dl/halkyon_plugin_linux.tar.gz", tgz);
        String ref = server.url("/dl/halkyon_plugin_linux.tar.gz") + "#sha256=" + sha256(tgz);

        FetchResult result = fetch(config("x.jar"), ref);

        assertThat(result.status()).as("%s", result).isEqualTo(Status.FETCHED);
        assertThat(result.files()).containsExactly(plugins.resolve("my-plugin.jar"), plugins.resolve("my-plugin.jsa"));
        // The JVM uses the archive only with the jar's recorded modification time: the entries' times stay.
        assertThat(Files.getLastModifiedTime(plugins.resolve("my-plugin.jar")).toInstant()).isEqualTo(built);
        assertThat(Files.getLastModifiedTime(plugins.resolve("my-plugin.jsa")).toInstant())
                .isEqualTo(built.plusSeconds(7));
        assertThat(plugins.resolve("stray.jsa")).doesNotExist();
        assertThat(plugins.resolve("my-plugin-2.jsa")).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aTarballWithoutAnyPluginOrWithTwoPluginsOfOneNameFails() throws Exception {
        byte[] docsOnly = new Tarballs().file("README.md", "read me\n", 0644).build();
        server.serve("/dl/docs.tar.gz", docsOnly);
        FetchResult none = fetch(config("x.jar"), server.url("/dl/docs.tar.gz") + "#sha256=" + sha256(docsOnly));
        assertThat(none.status()).isEqualTo(Status.FAILED);
        assertThat(none.failure().orElseThrow()).hasMessageContaining("no executable file and no .jar");

        byte[] twice = new Tarballs().file("a/plugin", "1", 0755).file("b/plugin", "2", 0755).build();
        server.serve("/dl/twice.tar.gz", twice);
        FetchResult clash = fetch(config("x.jar"), server.url("/dl/twice.tar.gz") + "#sha256=" + sha256(twice));
        assertThat(clash.status()).isEqualTo(Status.FAILED);
        assertThat(clash.failure().orElseThrow()).hasMessageContaining("two plugins named plugin");
        assertThat(plugins.resolve("plugin")).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void a404FailsWithTheUrlAndStatusAndIsNotRetried() {
        FetchResult result = fetch(config("plugin.jar"), "acme/missing@v9#sha256=" + "a".repeat(64));

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.failure()).get().isInstanceOf(PluginException.class).asString()
                .contains("plugin reference 'acme/missing@v9#sha256=" + "a".repeat(64) + "'")
                .contains("GET " + server.url("/acme/missing/v9/plugin.jar")).contains("HTTP 404");
        assertThat(server.requests()).containsExactly("/acme/missing/v9/plugin.jar");
        assertThat(visibleEntries()).isEmpty();
    }

    @Test
    void aTruncatedBodyFailsLeavesNoFileAndIsFetchedAgainAtTheNextStart() throws Exception {
        byte[] body = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
        String path = "/dl/big.jar";
        server.once(path, ArtifactServer.truncated(body)).once(path, ArtifactServer.truncated(body));
        PluginFetchConfig twoAttempts = config("x.jar").toBuilder().attempts(2).build();

        FetchResult failed = fetch(twoAttempts, server.url(path));

        assertThat(failed.status()).isEqualTo(Status.FAILED);
        assertThat(failed.failure()).get().asString().contains(server.url(path)).contains("65536").doesNotContain("did not finish");
        assertThat(server.requests()).hasSize(2);
        assertThat(visibleEntries()).isEmpty();
        assertThat(leftovers()).as("no partial file").isEmpty();
        assertThat(records()).as("not recorded as done").isEmpty();

        server.serve(path, body);
        FetchResult next = fetch(twoAttempts, server.url(path));

        assertThat(next.status()).as("%s", next).isEqualTo(Status.FETCHED);
        assertThat(Files.readAllBytes(plugins.resolve("big.jar"))).isEqualTo(body);
    }

    @Test
    void redirectsAreFollowedAsGitHubReleaseAssetsNeedIt() throws Exception {
        server.serve("/acme/pg/v4/plugin.jar", JAR)
                .once("/acme/pg/v4/plugin.jar", ArtifactServer.redirect(server.url("/objects/12345")))
                .serve("/objects/12345", JAR);

        FetchResult result = fetch(config("plugin.jar"), "acme/pg@v4#sha256=" + sha256(JAR));

        assertThat(result.status()).as("%s", result).isEqualTo(Status.FETCHED);
        assertThat(server.requests()).containsExactly("/acme/pg/v4/plugin.jar", "/objects/12345");
    }

    @Test
    void aServerErrorIsRetriedWithinTheRunAndThenSucceeds() {
        server.once("/dl/p.jar", ArtifactServer.status(503)).serve("/dl/p.jar", JAR);

        FetchResult result = fetch(config("x.jar"), server.url("/dl/p.jar"));

        assertThat(result.status()).as("%s", result).isEqualTo(Status.FETCHED);
        assertThat(server.requests()).containsExactly("/dl/p.jar", "/dl/p.jar");
    }

    @Test
    void aPinnedDigestMismatchFailsNamingReferenceExpectedAndActual() throws Exception {
        server.serve("/dl/p.jar", JAR);
        String expected = "0".repeat(64);
        String ref = server.url("/dl/p.jar") + "#sha256=" + expected;

        FetchResult result = fetch(config("x.jar"), ref);

        assertThat(result.status()).isEqualTo(Status.FAILED);
        PluginChecksumException e = (PluginChecksumException) result.failure().orElseThrow();
        assertThat(e.pluginName()).isEqualTo(ref);
        assertThat(e.expectedSha256()).isEqualTo(expected);
        assertThat(e.actualSha256()).isEqualTo(sha256(JAR));
        assertThat(e).hasMessageContaining(ref).hasMessageContaining(expected).hasMessageContaining(sha256(JAR));
        assertThat(server.requests()).as("a mismatch is not retried").hasSize(1);
        assertThat(visibleEntries()).isEmpty();
        assertThat(leftovers()).isEmpty();
        assertThat(records()).isEmpty();
    }

    @Test
    void aChecksumsTxtMismatchFails() throws Exception {
        server.serve("/acme/pg/v2/plugin.jar", JAR)
                .serve("/acme/pg/v2/checksums.txt", ("f".repeat(64) + " *plugin.jar\n").getBytes(StandardCharsets.UTF_8));

        FetchResult result = fetch(config("plugin.jar"), "acme/pg@v2");

        assertThat(result.failure()).get().isInstanceOf(PluginChecksumException.class).asString()
                .contains("f".repeat(64)).contains(sha256(JAR)).contains(server.url("/acme/pg/v2/checksums.txt"));
        assertThat(visibleEntries()).isEmpty();
    }

    @Test
    void aReleaseWithoutChecksumsIsFetchedUnverifiedWithAWarning() {
        server.serve("/acme/pg/v3/plugin.jar", JAR);
        try (LogCapture log = new LogCapture("io.halkyon.plugin.host.fetch")) {
            FetchResult result = fetch(config("plugin.jar"), "acme/pg@v3");

            assertThat(result.status()).isEqualTo(Status.FETCHED);
            assertThat(log.messages()).anyMatch(m -> m.contains("'acme/pg@v3'") && m.contains("no checksums.txt")
                    && m.contains("will not be verified"));
        }
    }

    @Test
    void progressIsLoggedForLargeFiles() {
        byte[] body = new byte[256 * 1024];
        server.serve("/dl/large.jar", body);
        server.serve("/dl/small.jar", new byte[1000]);
        PluginFetchConfig config = config("x.jar").toBuilder().progressEvery(64 * 1024).build();
        try (LogCapture log = new LogCapture("io.halkyon.plugin.host.fetch")) {
            assertThat(fetch(config, server.url("/dl/large.jar")).status()).isEqualTo(Status.FETCHED);

            assertThat(log.messages()).filteredOn(m -> m.contains("downloaded from")).isNotEmpty()
                    .allMatch(m -> m.contains("'" + server.url("/dl/large.jar") + "'") && m.contains(" of 256.0 KiB"));

            assertThat(fetch(config, server.url("/dl/small.jar")).status()).isEqualTo(Status.FETCHED);
            assertThat(log.messages()).filteredOn(m -> m.contains("downloaded from") && m.contains("small.jar")).isEmpty();
        }
    }

    @Test
    void aTarballWithDotDotEntriesIsRefusedAndNothingIsWritten() throws Exception {
        assertRefused(new Tarballs().file("good-plugin", "ok", 0755).file("../escaped", "pwned", 0644).build(),
                "entry '../escaped' is a name with a '..' path segment (escaping the plugins directory)");
        assertThat(tmp.resolve("escaped")).doesNotExist();
    }

    @Test
    void aTarballWithAnAbsolutePathIsRefused() throws Exception {
        Path outside = tmp.resolve("absolute-target");
        assertRefused(new Tarballs().file("good-plugin", "ok", 0755).file(outside.toString(), "pwned", 0644).build(),
                "entry '" + outside + "' is an absolute path");
        assertThat(outside).doesNotExist();
    }

    @Test
    void aTarballWithLinksIsRefused() throws Exception {
        assertRefused(new Tarballs().file("good-plugin", "ok", 0755).symlink("passwd", "/etc/passwd").build(),
                "entry 'passwd' is a symbolic link to '/etc/passwd'");
        assertRefused(new Tarballs().file("good-plugin", "ok", 0755).hardlink("hard", "/etc/passwd").build(),
                "entry 'hard' is a hard link");
    }

    private void assertRefused(byte[] tgz, String why) throws Exception {
        server.serve("/dl/evil.tar.gz", tgz);
        FetchResult result = fetch(config("x.jar"), server.url("/dl/evil.tar.gz") + "#sha256=" + sha256(tgz));

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.failure()).get().asString().contains(why).contains("nothing was written");
        assertThat(visibleEntries()).as("nothing half-written inside").isEmpty();
        assertThat(leftovers()).isEmpty();
        assertThat(records()).isEmpty();
    }

    @Test
    void oneBadReferenceFailsOnlyItself() throws Exception {
        server.serve("/dl/a.jar", JAR).serve("/dl/b", JAR);
        Path local = tmp.resolve("local.jar");
        Files.write(local, JAR);

        List<FetchResult> results = new PluginFetcher(plugins, config("x.jar")).fetchAll(List.of(
                server.url("/dl/a.jar"), "not a reference", server.url("/dl/missing.jar"), server.url("/dl/b"),
                "file:" + local + "#sha256=" + sha256(JAR)));

        assertThat(results).extracting(FetchResult::status).containsExactly(
                Status.FETCHED, Status.FAILED, Status.FAILED, Status.FETCHED, Status.FETCHED);
        assertThat(results.get(1).failure()).get().asString().contains("plugin reference 'not a reference'");
        assertThat(visibleEntries()).containsExactly("a.jar", "b", "local.jar");
        assertThat(Files.isExecutable(plugins.resolve("b"))).as("a bare file is an executable plugin").isTrue();
    }

    private List<String> visibleEntries() {
        return new PluginsDir(plugins).visibleEntries();
    }

    private List<String> leftovers() {
        return new PluginsDir(plugins).leftovers();
    }

    private List<String> records() {
        return new PluginsDir(plugins).records();
    }
}
