package io.halkyon.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.halkyon.operator.support.NoChildProcesses;
import io.halkyon.operator.support.OperatorFixture;
import io.halkyon.operator.support.TestPlugins;
import io.halkyon.plugin.api.CapabilityStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The probes and a scrape of /metrics, with the operator reconciling through the example plugin. */
@ExtendWith(NoChildProcesses.class)
class ObservabilityIT {

    private static final String NS = "observed";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void probesTellWhenItIsReadyAndAScrapeHasThePluginCallHistogram(@TempDir Path plugins) throws Exception {
        TestPlugins.addPostgres(plugins);
        try (Observability observe = Observability.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            URI base = URI.create("http://127.0.0.1:" + observe.address().orElseThrow().getPort());

            HttpResponse<String> health = get(base.resolve("/healthz"));
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.headers().firstValue("Content-Type")).hasValue(ObserveServer.TEXT);
            HttpResponse<String> notReady = get(base.resolve("/readyz"));
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).contains("plugins: not loaded yet", "operator: not started yet");

            try (OperatorFixture operator = OperatorFixture.start(plugins, OperatorFixture.settings().observer(observe)
                    .build(), config -> config.callObserver(observe.callObserver()))) {
                assertThat(get(base.resolve("/readyz")).body()).as("the operator started, the plugins not told loaded")
                        .isEqualTo("plugins: not loaded yet (fetching HALKYON_PLUGINS or starting the plugins"
                                + " directory)\n");
                observe.pluginsLoaded();
                HttpResponse<String> ready = get(base.resolve("/readyz"));
                assertThat(ready.statusCode()).isEqualTo(200);
                assertThat(ready.body()).isEqualTo("ok\n");

                operator.create(OperatorFixture.capability(NS, "db", "database", "postgres", null, "DB_PASSWORD=s3"));
                operator.awaitReason(NS, "db", CapabilityStatus.PENDING, CapabilityStatus.READY);
                HttpResponse<String> scrape = get(base.resolve("/metrics"));
                assertThat(scrape.statusCode()).isEqualTo(200);
                assertThat(scrape.headers().firstValue("Content-Type")).get().asString()
                        .startsWith("text/plain; version=0.0.4");
                List<String> lines = Arrays.asList(scrape.body().split("\n"));
                assertThat(lines).as("a bucket of the Build calls' histogram").anySatisfy(line -> assertThat(line)
                        .startsWith("halkyon_plugin_calls_seconds_bucket{")
                        .contains("method=\"Build\"", "outcome=\"ok\"", "plugin=\"postgres-capability\"", "le=\"0.5\""));
                assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("halkyon_plugin_calls_seconds_count{")
                        .contains("method=\"GetDependents\"", "outcome=\"ok\"", "plugin=\"postgres-capability\""));
                assertThat(lines).anySatisfy(line -> assertThat(line)
                        .matches("halkyon_plugin_calls_in_flight\\{plugin=\"postgres-capability\"} \\d+\\.0"));
                assertThat(lines).as("JOSDK's reconciler metrics")
                        .anySatisfy(line -> assertThat(line).startsWith("operator_sdk_reconciliations_started_total"));
                assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("jvm_memory_used_bytes"));
            }
        }
    }

    @Test
    void onlyGetAndHeadOnTheThreePaths() throws Exception {
        try (Observability observe = Observability.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            URI base = URI.create("http://127.0.0.1:" + observe.address().orElseThrow().getPort());
            assertThat(get(base.resolve("/healthzz")).statusCode()).isEqualTo(404);
            assertThat(get(base.resolve("/")).statusCode()).isEqualTo(404);
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(base.resolve("/metrics"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
            HttpResponse<String> head = http.send(HttpRequest.newBuilder(base.resolve("/healthz"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
        }
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
