package io.halkyon.plugin.host.fetch;

import static io.halkyon.plugin.host.fetch.Tarballs.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import io.halkyon.plugin.host.LogCapture;
import io.halkyon.plugin.host.fetch.FetchResult.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack: a pinned plugin file overwritten by a file of the same name from a later, unpinned
 * tarball, then served from the cache unchecked. Now a file name has one owner, and the cache
 * hashes every recorded file at every start.
 */
class FileOwnershipTest {

    private static final byte[] PINNED = "#!/bin/sh\necho pinned\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;
    private Path plugins;
    private ArtifactServer server;
    private String pinned;
    private String evil;

    @BeforeEach
    void start() throws Exception {
        plugins = tmp.resolve("plugins");
        server = new ArtifactServer();
        server.serve("/pinned/plugin", PINNED);
        pinned = server.url("/pinned/plugin") + "#sha256=" + sha256(PINNED);
        server.serve("/evil/bundle.tar.gz", new Tarballs().file("bin/plugin", "#!/bin/sh\necho evil\n", 0755)
                .file("bin/other", "#!/bin/sh\n", 0755).build());
        evil = server.url("/evil/bundle.tar.gz");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private List<FetchResult> fetchAll(String... references) {
        PluginFetchConfig config = PluginFetchConfig.builder().releaseUrlTemplate(server.url("/{owner}/{repo}/{tag}/p.jar"))
                .attempts(1).attemptTimeout(Duration.ofSeconds(10)).build();
        return new PluginFetcher(plugins, config).fetchAll(List.of(references));
    }

    @Test
    void aLaterReferenceCannotReplaceAPinnedPluginNorAnyOfItsFilesAndTheErrorNamesBoth() throws IOException {
        List<FetchResult> first = fetchAll(pinned, evil);

        assertThat(first).extracting(FetchResult::status).containsExactly(Status.FETCHED, Status.FAILED);
        assertThat(first.get(1).failure()).get().asString().contains("plugin reference '" + evil + "'")
                .contains("plugin reference '" + pinned + "' already provides").contains("plugin file plugin")
                .contains("nothing of '" + evil + "' was installed");
        assertThat(Files.readAllBytes(plugins.resolve("plugin"))).isEqualTo(PINNED);
        assertThat(plugins.resolve("other")).as("nothing of the refused reference").doesNotExist();
        assertThat(new PluginsDir(plugins).leftovers()).isEmpty();

        List<FetchResult> again = fetchAll(pinned, evil);
        assertThat(again).extracting(FetchResult::status).containsExactly(Status.CACHED, Status.FAILED);

        List<FetchResult> swapped = fetchAll(evil, pinned);
        assertThat(swapped).as("the installed owner keeps its file even when listed second")
                .extracting(FetchResult::status).containsExactly(Status.FAILED, Status.CACHED);
        assertThat(Files.readAllBytes(plugins.resolve("plugin"))).isEqualTo(PINNED);
        assertThat(new PluginsDir(plugins).records()).hasSize(1);
    }

    @Test
    void betweenTwoNewReferencesTheFirstListedGetsTheName() throws IOException {
        List<FetchResult> results = fetchAll(evil, pinned);

        assertThat(results).extracting(FetchResult::status).containsExactly(Status.FETCHED, Status.FAILED);
        assertThat(results.get(1).failure()).get().asString().contains("plugin reference '" + pinned + "': refused")
                .contains("plugin reference '" + evil + "' already provides");
        assertThat(Files.readString(plugins.resolve("plugin"))).contains("evil");
    }

    @Test
    void aNewTagTakesOverTheFilesOfTheOldTagWhoseRecordIsDropped() throws IOException {
        server.serve("/acme/pg/v1/p.jar", "v1".getBytes(StandardCharsets.UTF_8))
                .serve("/acme/pg/v2/p.jar", "v2".getBytes(StandardCharsets.UTF_8));

        assertThat(fetchAll("acme/pg@v1")).extracting(FetchResult::status).containsExactly(Status.FETCHED);
        assertThat(fetchAll("acme/pg@v2")).extracting(FetchResult::status).containsExactly(Status.FETCHED);
        assertThat(Files.readString(plugins.resolve("p.jar"))).isEqualTo("v2");
        assertThat(new PluginsDir(plugins).records()).as("v1's record dropped").hasSize(1);

        assertThat(fetchAll("acme/pg@v1")).as("rolled back: fetched again, not 'cached' from the dropped record")
                .extracting(FetchResult::status).containsExactly(Status.FETCHED);
        assertThat(Files.readString(plugins.resolve("p.jar"))).isEqualTo("v1");
    }

    @Test
    void aFileChangedSinceItWasFetchedIsRemovedAndFetchedAgainSayingSo() throws Exception {
        assertThat(fetchAll(pinned)).extracting(FetchResult::status).containsExactly(Status.FETCHED);
        Files.writeString(plugins.resolve("plugin"), "#!/bin/sh\necho replaced\n");

        String recorded = sha256(PINNED);
        try (LogCapture log = new LogCapture("io.halkyon.plugin.host.fetch")) {
            List<FetchResult> results = fetchAll(pinned);

            assertThat(results).extracting(FetchResult::status).containsExactly(Status.FETCHED);
            assertThat(log.messages()).anyMatch(m -> m.startsWith("plugin reference '" + pinned + "': ")
                    && m.contains(plugins.resolve("plugin").toString()) && m.contains("changed since it was fetched")
                    && m.contains("recorded SHA-256 " + recorded) && m.contains("removed, fetching again"));
        }
        assertThat(Files.readAllBytes(plugins.resolve("plugin"))).isEqualTo(PINNED);
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void aChangedFileIsNeverLeftToBeLoadedEvenWhenTheSourceIsDown() throws IOException {
        assertThat(fetchAll(pinned)).extracting(FetchResult::status).containsExactly(Status.FETCHED);
        Files.writeString(plugins.resolve("plugin"), "#!/bin/sh\necho replaced\n");
        server.close();

        List<FetchResult> results = fetchAll(pinned);

        assertThat(results).extracting(FetchResult::status).containsExactly(Status.FAILED);
        assertThat(plugins.resolve("plugin")).doesNotExist();
        assertThat(new PluginsDir(plugins).records()).isEmpty();
    }

    @Test
    void aFileReplacedByALinkIsRemovedToo() throws IOException {
        assertThat(fetchAll(pinned)).extracting(FetchResult::status).containsExactly(Status.FETCHED);
        Path elsewhere = Files.writeString(tmp.resolve("elsewhere"), "#!/bin/sh\necho elsewhere\n");
        Files.delete(plugins.resolve("plugin"));
        Files.createSymbolicLink(plugins.resolve("plugin"), elsewhere);
        server.close();

        assertThat(fetchAll(pinned)).extracting(FetchResult::status).containsExactly(Status.FAILED);
        assertThat(Files.exists(plugins.resolve("plugin"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(elsewhere).exists();
    }

    @Test
    void aRecordWithoutFileDigestsFromAnEarlierVersionIsNotTrusted() throws Exception {
        assertThat(fetchAll(pinned)).extracting(FetchResult::status).containsExactly(Status.FETCHED);
        Path record = plugins.resolve(".halkyon-fetch").resolve(new PluginsDir(plugins).records().get(0));
        Files.write(record, List.of("reference=" + pinned, "sha256=" + sha256(PINNED), "file=plugin"));
        Files.writeString(plugins.resolve("plugin"), "#!/bin/sh\necho replaced\n");

        assertThat(fetchAll(pinned)).extracting(FetchResult::status).containsExactly(Status.FETCHED);
        assertThat(Files.readAllBytes(plugins.resolve("plugin"))).isEqualTo(PINNED);
    }
}
