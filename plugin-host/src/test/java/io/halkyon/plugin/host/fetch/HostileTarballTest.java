package io.halkyon.plugin.host.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import io.halkyon.plugin.host.LogCapture;
import io.halkyon.plugin.host.fetch.FetchResult.Status;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tarballs built to hurt: too many entries (the attack: 200,000 entries unpacked in quadratic
 * time, one log line each), entries larger than they look, extended headers that commons-compress
 * would keep in memory, sparse files, and names with control characters or dot segments.
 */
class HostileTarballTest {

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

    private FetchResult fetch(byte[] tgz) {
        server.serve("/dl/bundle.tar.gz", tgz);
        return fetch(PluginFetchConfig.builder().maxArtifactSize(256 * 1024).maxTarEntries(5000));
    }

    private FetchResult fetch(PluginFetchConfig.Builder config) {
        return new PluginFetcher(plugins, config.attempts(1).attemptTimeout(Duration.ofSeconds(30)).build())
                .fetchAll(List.of(server.url("/dl/bundle.tar.gz"))).get(0);
    }

    private void assertRefused(FetchResult result, String why) {
        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.failure()).get().asString().contains("plugin reference '" + server.url("/dl/bundle.tar.gz")
                + "'").contains(why);
        PluginsDir dir = new PluginsDir(plugins);
        assertThat(dir.visibleEntries()).isEmpty();
        assertThat(dir.leftovers()).isEmpty();
        assertThat(dir.records()).isEmpty();
    }

    @Test
    void aTarballOfMoreEntriesThanMaxTarEntriesIsRefusedAsItIsGenerated() {
        server.serve("/dl/bundle.tar.gz", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody();
                 TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(body))) {
                for (int i = 0; i < 5000; i++) {
                    tar.putArchiveEntry(new TarArchiveEntry("f" + i));
                    tar.closeArchiveEntry();
                }
            }
        });

        assertRefused(fetch(PluginFetchConfig.builder().maxTarEntries(100)),
                "the tarball holds more than 100 entries (PluginFetchConfig.maxTarEntries)");
    }

    @Test
    void thousandsOfEntriesAreSummedUpInOneLogLine() throws Exception {
        Tarballs tgz = new Tarballs().file("bin/plugin", "#!/bin/sh\n", 0755);
        for (int i = 0; i < 3000; i++) {
            tgz.file("docs/page-" + i + ".md", "", 0644);
        }
        try (LogCapture log = new LogCapture("io.halkyon.plugin.host.fetch")) {
            FetchResult result = fetch(tgz.build());

            assertThat(result.status()).as("%s", result).isEqualTo(Status.FETCHED);
            assertThat(log.messages()).hasSizeLessThan(10).filteredOn(m -> m.contains("skipped")).singleElement()
                    .asString()
                    .contains("holds 3001 file(s): 1 kept (plugins, class archives beside their jars) [bin/plugin];"
                            + " 3000 skipped")
                    .contains("and 2995 more]");
        }
    }

    @Test
    void anEntryLargerThanTheLimitIsRefusedBeforeItIsWritten() throws Exception {
        assertRefused(fetch(new Tarballs().file("plugin", "0".repeat(1024 * 1024), 0755).build()),
                "the tarball unpacks to more than 256.0 KiB (PluginFetchConfig.maxArtifactSize)");
    }

    @Test
    void extendedHeadersTooLargeToKeepInMemoryAreRefused() throws Exception {
        // Written by hand: commons-compress's writer takes minutes over names this long.
        String longName = "d/".repeat(50 * 1024) + "plugin";
        assertRefused(fetch(new Tarballs().raw("././@LongLink", TarConstants.LF_GNUTYPE_LONGNAME,
                        longName.getBytes(StandardCharsets.UTF_8)).file("plugin", "x", 0755).build()),
                "an extended header (PAX or GNU long name) of 100.0 KiB, more than 64.0 KiB");
        assertRefused(fetch(new Tarballs().raw("PaxHeaders/plugin", TarConstants.LF_PAX_EXTENDED_HEADER_LC,
                Tarballs.pax(Map.of("path", longName))).file("plugin", "x", 0755).build()), "more than 64.0 KiB");
    }

    @Test
    void aChainOfExtendedHeadersIsRefused() throws Exception {
        Tarballs tgz = new Tarballs();
        for (int i = 0; i < 20; i++) {
            tgz.raw("././@LongLink", TarConstants.LF_GNUTYPE_LONGNAME, ("name-" + i).getBytes(StandardCharsets.UTF_8));
        }
        assertRefused(fetch(tgz.file("plugin", "x", 0755).build()), "more than 8 extended headers in a row");
    }

    @Test
    void globalHeadersThatAddUpAreRefused() throws Exception {
        Tarballs tgz = new Tarballs();
        for (int i = 0; i < 30; i++) {
            tgz.globalPax(Map.of("comment" + i, "x".repeat(50 * 1024)));
            tgz.file("plugin-" + i, "x", 0755);
        }
        assertRefused(fetch(tgz.build()), "its extended headers (PAX or GNU long names) add up to more than 1.0 MiB");
    }

    @Test
    void sparseFilesAreRefusedBeforeTheirMapIsRead() throws Exception {
        Map<String, String> sparse = new LinkedHashMap<>();
        sparse.put("GNU.sparse.major", "1");
        sparse.put("GNU.sparse.minor", "0");
        sparse.put("GNU.sparse.name", "plugin");
        sparse.put("GNU.sparse.realsize", "1000000000000");
        byte[] map = ("999999999999\n" + "1\n".repeat(50_000)).getBytes(StandardCharsets.US_ASCII);
        assertRefused(fetch(new Tarballs().raw("PaxHeaders/plugin", TarConstants.LF_PAX_EXTENDED_HEADER_LC,
                Tarballs.pax(sparse)).raw("plugin", TarConstants.LF_NORMAL, map).build()),
                "refusing the tarball: it holds a sparse file (GNU.sparse PAX headers)");

        // Old GNU sparse: a header whose extension records never end.
        List<byte[]> blocks = new ArrayList<>();
        blocks.add(Tarballs.header("plugin", 'S', 0, h -> h[482] = 1));
        for (int i = 0; i < 1000; i++) {
            byte[] extension = new byte[512];
            extension[504] = 1;
            blocks.add(extension);
        }
        assertRefused(fetch(Tarballs.gzipBlocks(blocks)), "more than 32 header records for one entry");
    }

    @Test
    void legitimateExtendedHeadersStillWork() throws Exception {
        byte[] tgz = new Tarballs().globalPax(Map.of("comment", "0123456789abcdef0123456789abcdef01234567"))
                .file("release-with-a-rather-long-directory-name-" + "x".repeat(120) + "/plugin", "#!/bin/sh\n", 0755)
                .build();

        FetchResult result = fetch(tgz);

        assertThat(result.status()).as("%s", result).isEqualTo(Status.FETCHED);
        assertThat(new PluginsDir(plugins).visibleEntries()).containsExactly("plugin");
    }

    @Test
    void anEntryNameWithControlCharactersIsRefusedAndQuotedEscaped() throws Exception {
        try (LogCapture log = new LogCapture("io.halkyon.plugin.host.fetch")) {
            assertRefused(fetch(new Tarballs().file("plugin\nERROR forged line\u001b[2J", "x", 0755).build()),
                    "entry 'plugin\\u000aERROR forged line\\u001b[2J' is a name with control characters");
            assertThat(log.messages()).isNotEmpty().noneMatch(m -> m.contains("\n") || m.contains("\u001b"));
        }
    }

    @Test
    void dotAndEmptySegmentsAreRefusedAnywhereButALeadingDotSlash() throws Exception {
        assertRefused(fetch(new Tarballs().file("a/./plugin", "x", 0755).build()), "a '.' path segment");
        assertRefused(fetch(new Tarballs().file("a//plugin", "x", 0755).build()), "an empty path segment");
        assertRefused(fetch(new Tarballs().file("a/../plugin", "x", 0755).build()), "a '..' path segment");
        assertRefused(fetch(new Tarballs().dir("./.").file("./plugin", "x", 0755).build()), "a '.' path segment");
    }

    @Test
    void hiddenFilesAreNotInstalled() throws Exception {
        FetchResult result = fetch(new Tarballs().file("bin/.halkyon-fetch", "x", 0755).file("bin/plugin", "x", 0755)
                .build());

        assertThat(result.status()).as("%s", result).isEqualTo(Status.FETCHED);
        assertThat(result.files()).containsExactly(plugins.resolve("plugin"));
    }
}
