package io.halkyon.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.halkyon.plugin.api.PluginChecksumException;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.host.PluginCallObserver;
import io.halkyon.plugin.host.PluginCallOutcome;
import io.halkyon.plugin.host.PluginState;
import io.halkyon.plugin.host.PluginStateChange;
import io.halkyon.plugin.host.fetch.FetchResult;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PluginMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PluginMetrics metrics = new PluginMetrics(registry, new PluginTags(3));

    @Test
    void callsAreTimedByPluginMethodAndOutcomeAndCountedInFlight() {
        PluginCallObserver.Meter build = metrics.meter("pg", "Build");
        build.started();
        build.started();
        assertThat(inFlight("pg")).isEqualTo(2);
        build.ended(PluginCallOutcome.OK, 2_000_000);
        build.ended(PluginCallOutcome.TIMEOUT, 30_000_000_000L);
        assertThat(inFlight("pg")).isZero();

        Timer ok = registry.get(PluginMetrics.CALLS).tags("plugin", "pg", "method", "Build", "outcome", "ok").timer();
        assertThat(ok.count()).isEqualTo(1);
        assertThat(ok.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(2.0);
        assertThat(registry.get(PluginMetrics.CALLS).tags("outcome", "timeout").timer().count()).isEqualTo(1);
        assertThat(registry.find(PluginMetrics.CALLS).tags("outcome", "error").timer())
                .as("an outcome never seen has no series").isNull();
    }

    @Test
    void stateIsOneForTheCurrentStateAndRestartsCountNewStarts() {
        metrics.stateChanged(new PluginStateChange("pg", PluginState.STARTING, PluginState.RUNNING, null));
        assertThat(state("pg", "running")).isEqualTo(1);
        assertThat(state("pg", "starting")).isZero();

        metrics.stateChanged(new PluginStateChange("pg", PluginState.RUNNING, PluginState.RESTARTING, null));
        metrics.stateChanged(new PluginStateChange("pg", PluginState.RESTARTING, PluginState.STARTING, null));
        metrics.stateChanged(new PluginStateChange("pg", PluginState.STARTING, PluginState.RUNNING, null));
        assertThat(state("pg", "running")).isEqualTo(1);
        assertThat(state("pg", "restarting")).isZero();
        assertThat(registry.get(PluginMetrics.RESTARTS).tags("plugin", "pg").counter().count()).isEqualTo(1);
    }

    @Test
    void aPluginOnlyCalledHasNoStateYet() {
        metrics.meter("pg", "GetInfo");
        assertThat(registry.get(PluginMetrics.STATE).tags("plugin", "pg").gauges())
                .hasSize(PluginState.values().length).allSatisfy(g -> assertThat(g.value()).isZero());
    }

    @Test
    void pluginTagsAreBoundedAndCleaned() {
        PluginTags tags = new PluginTags(2);
        assertThat(tags.of("postgres-capability")).isEqualTo("postgres-capability");
        assertThat(tags.of("bad name\n{x=\"y\"}")).isEqualTo("bad_name__x__y__");
        assertThat(tags.of("third")).isEqualTo(PluginTags.OTHER);
        assertThat(tags.of("postgres-capability")).as("names seen keep their tag").isEqualTo("postgres-capability");
        assertThat(new PluginTags().of("x".repeat(100))).hasSize(63);
    }

    @Test
    void pluginsPastTheBoundShareTheirMeters() {
        metrics.meter("a", "Build");
        metrics.meter("b", "Build");
        metrics.meter("c", "Build");
        metrics.meter("d", "Build").started();
        metrics.meter("e", "Build").started();
        assertThat(inFlight(PluginTags.OTHER)).isEqualTo(2);
        assertThat(registry.find(PluginMetrics.IN_FLIGHT).gauges()).hasSize(4);
    }

    @Test
    void fetchesAreTimedByStatusWithTheirBytesAndFailuresByReason() {
        FetchMetrics.record(registry, List.of(
                new FetchResult("a", FetchResult.Status.FETCHED, List.of(Path.of("/p/a")), Optional.empty(),
                        Duration.ofMillis(300), 1000),
                new FetchResult("b", FetchResult.Status.CACHED, List.of(Path.of("/p/b")), Optional.empty(),
                        Duration.ofMillis(5), 0),
                FetchResult.failed("c", new PluginChecksumException("c", "mismatch", "aa", "bb")),
                FetchResult.failed("d", new PluginException("d", "HTTP 404"))));
        assertThat(registry.get(FetchMetrics.DURATION).tags("status", "fetched").timer().count()).isEqualTo(1);
        assertThat(registry.get(FetchMetrics.DURATION).tags("status", "failed").timer().count()).isEqualTo(2);
        assertThat(registry.get(FetchMetrics.BYTES).counter().count()).isEqualTo(1000);
        assertThat(registry.get(FetchMetrics.FAILURES).tags("reason", "checksum").counter().count()).isEqualTo(1);
        assertThat(registry.get(FetchMetrics.FAILURES).tags("reason", "permanent").counter().count()).isEqualTo(1);
    }

    private double inFlight(String tag) {
        return registry.get(PluginMetrics.IN_FLIGHT).tags("plugin", tag).gauge().value();
    }

    private double state(String plugin, String state) {
        return registry.get(PluginMetrics.STATE).tags("plugin", plugin, "state", state).gauge().value();
    }
}
