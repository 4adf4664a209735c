package io.halkyon.plugin.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.Parameter;
import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.PluginUnavailableException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The call observer and the trace context, against real plugin processes. */
@ExtendWith(NoChildProcessesExtension.class)
class CallObservationTest {

    /** Every call the observer heard of, as "plugin method outcome", and how many are in flight. */
    static final class Recorder implements PluginCallObserver {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<String> meters = new CopyOnWriteArrayList<>();
        final AtomicInteger inFlight = new AtomicInteger();

        @Override
        public Meter meter(String pluginName, String method) {
            meters.add(pluginName + " " + method);
            return new Meter() {
                @Override
                public void started() {
                    inFlight.incrementAndGet();
                }

                @Override
                public void ended(PluginCallOutcome outcome, long nanos) {
                    assertThat(nanos).isPositive();
                    inFlight.decrementAndGet();
                    calls.add(pluginName + " " + method + " " + outcome.tag());
                }
            };
        }
    }

    @Test
    void theObserverHearsEachCallWithItsMethodAndOutcome() {
        Recorder recorder = new Recorder();
        PluginClient client = PluginClient.start(Scenarios.config("good").name("good").callObserver(recorder).build());
        try (client) {
            Plugin plugin = CapabilityPlugins.dispense(client);
            List<DependentResource> dependents = plugin.readyFor(PluginCallsTest.capability("db",
                    new Parameter("fail", "no secret today")));
            dependents.get(0).build();
            assertThatThrownBy(() -> dependents.get(1).build()).isInstanceOf(PluginException.class)
                    .hasMessageContaining("no secret today");
            assertThat(recorder.calls).containsExactly("good GetInfo ok", "good GetDependents ok", "good Build ok",
                    "good Build error");
            assertThat(recorder.inFlight).hasValue(0);

            client.kill();
            assertThatThrownBy(() -> dependents.get(0).build()).isInstanceOf(PluginUnavailableException.class);
            assertThat(recorder.calls).last().isEqualTo("good Build unavailable");
        }
        // One meter per method, made once.
        assertThat(recorder.meters).containsExactly("good GetInfo", "good GetDependents", "good Build");
        assertThat(recorder.inFlight).hasValue(0);
    }

    @Test
    void aSupervisedPluginsCallsAreHeardOnceEach(@TempDir Path dir) throws IOException {
        PluginFilesForTests.install(dir, "good", Scenarios.script("good"));
        Recorder recorder = new Recorder();
        try (PluginManager manager = new PluginManager(PluginClientConfig.builder().startTimeout(Scenarios.START_TIMEOUT)
                .callObserver(recorder).build())) {
            manager.loadDirectory(dir);
            Plugin plugin = manager.registry().require("test", "widget", "1");
            plugin.readyFor(PluginCallsTest.capability("db")).get(0).build();
            assertThat(recorder.calls).containsExactly("good GetInfo ok", "good GetDependents ok", "good Build ok");
        }
    }

    @Test
    void callsInATraceScopeCarryItsTraceparentIntoThePlugin() {
        String traceparent = PluginTrace.newTraceparent();
        try (PluginClient client = PluginClient.start(Scenarios.config("good").build())) {
            DependentResource config = CapabilityPlugins.dispense(client).readyFor(PluginCallsTest.capability("db"))
                    .get(0);
            try (PluginTrace.Scope scope = PluginTrace.open(traceparent)) {
                assertThat(PluginTrace.current()).contains(traceparent);
                assertThat(((ConfigMap) config.build()).getData()).containsEntry("traceparent", scope.traceparent());
            }
            assertThat(PluginTrace.current()).isEmpty();
            assertThat(((ConfigMap) config.build()).getData()).doesNotContainKey("traceparent");
        }
    }

    @Test
    void aScopeRefusesWhatIsNotATraceparent() {
        assertThatThrownBy(() -> PluginTrace.open("00-abc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("W3C").hasMessageContaining("00-abc");
        assertThat(PluginTrace.current()).isEmpty();
    }
}
