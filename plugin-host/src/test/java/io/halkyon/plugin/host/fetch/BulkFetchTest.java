package io.halkyon.plugin.host.fetch;

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

/** fetchAll as a whole: it never throws, fetches a repeated reference once, and forges no log line. */
class BulkFetchTest {

    private static final byte[] JAR = "PK\u0003\u0004 pretend".getBytes(StandardCharsets.ISO_8859_1);

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

    private PluginFetchConfig config() {
        return PluginFetchConfig.builder().releaseUrlTemplate(server.url("/{owner}/{repo}/{tag}/p.jar")).attempts(1)
                .attemptTimeout(Duration.ofSeconds(10)).build();
    }

    @Test
    void aPluginsDirectoryThatCannotBeWrittenFailsEveryReferenceWithoutThrowing() throws IOException {
        Path notADirectory = Files.writeString(tmp.resolve("file"), "x");

        List<FetchResult> results = new PluginFetcher(notADirectory, config()).fetchAll(List.of(
                server.url("/dl/a.jar"), "acme/pg@v1"));

        assertThat(results).extracting(FetchResult::status).containsOnly(Status.FAILED);
        assertThat(results.get(1).failure()).get().asString().contains("plugin reference 'acme/pg@v1' not fetched:"
                + " cannot prepare or write the plugins directory " + notADirectory);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aReferenceListedTwiceIsFetchedOnceAndGetsTheSameResultTwice() {
        server.serve("/dl/a.jar", JAR);

        List<FetchResult> results = new PluginFetcher(plugins, config()).fetchAll(List.of(
                server.url("/dl/a.jar"), " " + server.url("/dl/a.jar")));

        assertThat(results).extracting(FetchResult::status).containsExactly(Status.FETCHED, Status.FETCHED);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void referencesWithControlCharactersFailWithoutForgingALogLine() {
        try (LogCapture log = new LogCapture("io.halkyon.plugin.host.fetch")) {
            List<FetchResult> results = new PluginFetcher(plugins, config()).fetchAll(List.of(
                    "acme/pg@v1\nERROR forged line", server.url("/dl/p%0A.jar")));

            assertThat(results).extracting(FetchResult::status).containsOnly(Status.FAILED);
            assertThat(results.get(0).failure()).get().asString().contains("'acme/pg@v1\\u000aERROR forged line'");
            assertThat(log.messages()).isNotEmpty().noneMatch(m -> m.contains("\n"));
        }
        assertThat(server.requests()).isEmpty();
    }
}
