package io.halkyon.plugin.host.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.host.fetch.PluginReference.Format;
import io.halkyon.plugin.host.fetch.PluginReference.Kind;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PluginReferenceTest {

    private static final PluginFetchConfig DEFAULTS = PluginFetchConfig.defaults();
    private static final String SHA = "0123456789abcdef".repeat(4);

    @Test
    void credentialsInAUrlAreRefusedWithoutBeingQuoted() {
        assertThatThrownBy(() -> PluginReference.parse("https://bob:ghp_s3cret@example.com/p.jar", DEFAULTS))
                .isInstanceOf(PluginException.class)
                .hasMessage("plugin reference 'https://***@example.com/p.jar' carries credentials (user:token@) in its"
                        + " URL: not supported (the fetcher sends none, and they would end up in logs and in requests"
                        + " to every redirect target)");
        assertThatThrownBy(() -> PluginFetchConfig.builder()
                .releaseUrlTemplate("https://bob:ghp_s3cret@example.com/{owner}/{repo}/{tag}/p.tar.gz").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("releaseUrlTemplate")
                .hasMessageContaining("must not carry credentials").hasMessageNotContaining("s3cret");
    }

    @Test
    void aReleaseExpandsWithTheOriginalLayoutAndLooksForChecksumsNextToIt() {
        PluginReference ref = PluginReference.parse(" halkyon-io/postgres-capability@v1.0.2 ", DEFAULTS);

        assertThat(ref.raw()).isEqualTo("halkyon-io/postgres-capability@v1.0.2");
        assertThat(ref.kind()).isEqualTo(Kind.RELEASE);
        assertThat(ref.uri()).isEqualTo(URI.create("https://github.com/halkyon-io/postgres-capability/releases/download/"
                + "v1.0.2/halkyon_plugin_linux.tar.gz"));
        assertThat(ref.checksumsUri()).contains(URI.create("https://github.com/halkyon-io/postgres-capability/releases/"
                + "download/v1.0.2/checksums.txt"));
        assertThat(ref.fileName()).isEqualTo("halkyon_plugin_linux.tar.gz");
        assertThat(ref.format()).isEqualTo(Format.TARBALL);
        assertThat(ref.sha256()).isEmpty();
    }

    @Test
    void theTemplateOsAndChecksumsNameAreConfigurableAndAJarAssetWorks() {
        PluginFetchConfig config = PluginFetchConfig.builder().os("darwin").checksumsFileName("SHA256SUMS")
                .releaseUrlTemplate("https://mirror.example/{owner}/{repo}/{tag}/plugin-{os}.jar").build();
        PluginReference ref = PluginReference.parse("acme/pg@v2", config);

        assertThat(ref.uri()).hasToString("https://mirror.example/acme/pg/v2/plugin-darwin.jar");
        assertThat(ref.checksumsUri()).contains(URI.create("https://mirror.example/acme/pg/v2/SHA256SUMS"));
        assertThat(ref.format()).isEqualTo(Format.JAR);
    }

    @Test
    void archIsThisJvmsAsGoNamesItByDefaultAndConfigurable() {
        String template = "https://mirror.example/{owner}/{repo}/{tag}/plugin_{os}_{arch}.tar.gz";
        PluginFetchConfig defaults = PluginFetchConfig.builder().releaseUrlTemplate(template).build();
        PluginFetchConfig arm = PluginFetchConfig.builder().releaseUrlTemplate(template).arch("arm64").build();

        assertThat(defaults.arch()).isEqualTo(io.halkyon.plugin.host.fetch.internal.Platform.goArch(
                System.getProperty("os.arch"))).isNotEqualTo("x86_64").isNotEqualTo("aarch64");
        assertThat(PluginReference.parse("acme/pg@v2", defaults).uri())
                .hasToString("https://mirror.example/acme/pg/v2/plugin_linux_" + defaults.arch() + ".tar.gz");
        assertThat(PluginReference.parse("acme/pg@v2", arm).uri())
                .hasToString("https://mirror.example/acme/pg/v2/plugin_linux_arm64.tar.gz");
        assertThatThrownBy(() -> PluginFetchConfig.builder().arch("arm/../x").build())
                .hasMessage("PluginFetchConfig.arch must be a non-empty word of letters, digits, '_', '.' or '-', was"
                        + " arm/../x");
    }

    @Test
    void aPinnedDigestIsLowercasedAndReplacesTheChecksumsLookup() {
        PluginReference ref = PluginReference.parse("acme/pg@v2#sha256=" + SHA.toUpperCase(), DEFAULTS);
        assertThat(ref.sha256()).contains(SHA);
        assertThat(ref.checksumsUri()).isEmpty();
        assertThat(ref.raw()).isEqualTo("acme/pg@v2#sha256=" + SHA.toUpperCase());
    }

    @Test
    void urlsAndFiles() {
        PluginReference https = PluginReference.parse("https://example.com/x/p.tgz", DEFAULTS);
        assertThat(https.kind()).isEqualTo(Kind.URL);
        assertThat(https.format()).isEqualTo(Format.TARBALL);
        assertThat(https.checksumsUri()).isEmpty();
        assertThat(PluginReference.parse("http://127.0.0.1:8080/p.jar", DEFAULTS).kind()).isEqualTo(Kind.URL);
        assertThat(PluginReference.parse("http://localhost/p", DEFAULTS).format()).isEqualTo(Format.EXECUTABLE);

        PluginReference relative = PluginReference.parse("file:build/p.jar", DEFAULTS);
        assertThat(relative.kind()).isEqualTo(Kind.FILE);
        assertThat(Path.of(relative.uri())).isEqualTo(Path.of("build/p.jar").toAbsolutePath());
        assertThat(PluginReference.parse("file:///opt/p.jar", DEFAULTS).uri()).isEqualTo(URI.create("file:///opt/p.jar"));
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', value = {
            "''                                  | is empty",
            "acme/pg                             | is not a valid reference: expected owner/repo@tag, an https:// URL",
            "pg@v1                               | is not a valid reference",
            "acme/pg@                            | is not a valid reference",
            "ftp://example.com/p.jar             | is not a valid reference",
            "http://example.com/p.jar            | uses plain http:// to example.com, which is allowed only for loopback",
            "https://example.com/plugins/        | does not name a file",
            "https:///p.jar                      | has no host",
            "https://example.com/.hidden         | may not be hidden files",
            "file://server/p.jar                 | names host 'server'",
            "acme/pg@v1#sha256=abc               | the only fragment accepted is #sha256=<64 hex digits>",
            "acme/pg@v1#md5=0123                 | has fragment '#md5=0123'",
            "http://127.evil.example/p.jar       | uses plain http:// to 127.evil.example",
            "acme/..@v1                          | names the repository '..', which is not a repository name",
            "acme/.@v1                           | names the repository '.'",
            "https://example.com/a/../p.jar      | has a '..' path segment in its URL path (segment '..')",
            "https://example.com/a/%2e%2E/p.jar  | has a '..' path segment in its URL path (segment '%2e%2E')",
            "https://example.com/./p.jar         | has a '.' path segment",
            "https://example.com//p.jar          | has an empty path segment",
            "https://example.com/a%2Fb/p.jar     | has an encoded '/'",
            "https://example.com/p%0A.jar        | has control characters in its URL path (segment 'p%0A.jar')",
            "https://example.com/p.jar?a=%1b[2J  | has control characters in its URL query",
            "file:/opt/../etc/p.jar              | has a '..' path segment",
            "file:build/./p.jar                  | has a '.' path segment",
            "file:///opt//p.jar                  | has an empty path segment"})
    void malformedReferencesAreRefusedNamingTheReferenceAndWhatWasExpected(String ref, String problem) {
        assertThatThrownBy(() -> PluginReference.parse(ref, DEFAULTS))
                .isInstanceOf(PluginException.class)
                .hasMessageStartingWith("plugin reference '" + ref + "' ")
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(((PluginException) e).pluginName()).isEqualTo(ref));
    }

    @Test
    void aReferenceWithRawControlCharactersIsRefusedAndQuotedEscaped() {
        String ref = "acme/pg@v1\nERROR forged line\u202e";
        assertThatThrownBy(() -> PluginReference.parse(ref, DEFAULTS))
                .isInstanceOf(PluginException.class)
                .hasMessage("plugin reference 'acme/pg@v1\\u000aERROR forged line\\u202e' contains control characters")
                .satisfies(e -> assertThat(((PluginException) e).pluginName()).isEqualTo(ref));
    }

    @Test
    void splitTrimsAndSkipsEmptyEntries() {
        assertThat(PluginReference.split(" a/b@v1, ,https://x/y.jar,,file:z ")).containsExactly("a/b@v1",
                "https://x/y.jar", "file:z");
        assertThat(PluginReference.split(null)).isEmpty();
        assertThat(PluginReference.split("  ")).isEmpty();
    }

    @Test
    void configDefaultsBackoffAndValidation() {
        PluginFetchConfig c = PluginFetchConfig.defaults();
        assertThat(c.releaseUrlTemplate()).isEqualTo(
                "https://github.com/{owner}/{repo}/releases/download/{tag}/halkyon_plugin_{os}.tar.gz");
        assertThat(c.os()).isEqualTo("linux");
        assertThat(c.checksumsFileName()).isEqualTo("checksums.txt");
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.attemptTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.totalTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.parallelism()).isEqualTo(4);
        assertThat(c.maxArtifactSize()).isEqualTo(1024L * 1024 * 1024);
        assertThat(c.maxTextSize()).isEqualTo(1024L * 1024);
        assertThat(c.maxTarEntries()).isEqualTo(1000);
        assertThat(c.attempts()).isEqualTo(3);
        assertThat(c.progressEvery()).isEqualTo(8L * 1024 * 1024);
        assertThat(List.of(1, 2, 3, 6, 7).stream().map(c::backoffAfter).toList()).containsExactly(Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(30), Duration.ofSeconds(30));
        assertThat(c.toBuilder().build()).usingRecursiveComparison().isEqualTo(c);
        assertThatThrownBy(() -> PluginFetchConfig.builder().releaseUrlTemplate("https://x/{owner}/p.jar").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("PluginFetchConfig.releaseUrlTemplate must contain the placeholder {tag}");
        assertThatThrownBy(() -> PluginFetchConfig.builder().attempts(0).build())
                .hasMessageStartingWith("PluginFetchConfig.attempts ");
    }
}
