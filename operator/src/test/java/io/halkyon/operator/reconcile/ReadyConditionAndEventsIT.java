package io.halkyon.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.halkyon.operator.support.NoChildProcesses;
import io.halkyon.operator.support.OperatorFixture;
import io.halkyon.operator.support.TestPlugins;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilityCondition;
import io.halkyon.plugin.api.Parameter;
import io.halkyon.plugin.host.PluginHandle;
import io.halkyon.plugin.host.PluginState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standard Ready condition as {@code kubectl wait --for=condition=Ready} reads it, and the
 * Events {@code kubectl describe} shows, for a good plugin and for one that fails and comes back,
 * against the embedded API server.
 */
@ExtendWith(NoChildProcesses.class)
class ReadyConditionAndEventsIT {

    private static final String NS = "apps";

    @TempDir
    Path plugins;

    private OperatorFixture operator;

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
    }

    private static long count(List<String> events, String reason) {
        return events.stream().filter(e -> e.split(" ")[1].equals(reason + ":")).count();
    }

    @Test
    void aGoodPluginsCapabilityGetsReadyTrueForItsGenerationAndEachEventOnce() throws Exception {
        TestPlugins.addPostgres(plugins);
        operator = OperatorFixture.start(plugins, OperatorFixture.settings().build());
        operator.markWorkloadsReady();
        operator.create(OperatorFixture.capability(NS, "db", "database", "postgres", "16", "DB_PASSWORD=s3cret"));

        Capability ready = operator.awaitReady(NS, "db", CapabilityCondition.TRUE);

        CapabilityCondition condition = ready.getStatus().ready().orElseThrow();
        assertThat(condition.getType()).isEqualTo("Ready");
        assertThat(condition.getReason()).isEqualTo("Ready");
        assertThat(condition.getMessage()).isEqualTo("provided by plugin 'postgres-capability'");
        assertThat(condition.getLastTransitionTime()).isNotBlank();
        assertThat(ready.getMetadata().getGeneration()).isNotNull();
        assertThat(ready.getStatus().getObservedGeneration()).isEqualTo(ready.getMetadata().getGeneration());
        assertThat(ready.getStatus().getPlugin()).isEqualTo("postgres-capability");
        assertThat(ready.getStatus().getDependents()).extracting(d -> d.getDependentType() + " " + d.getDependentName())
                .contains("StatefulSet db");
        List<String> events = operator.events(NS, "db");
        // The objects are written before the status that tells the plugin chosen and the progress.
        assertThat(events).containsSubsequence("Normal Created: created StatefulSet " + NS + "/db",
                "Normal PluginSelected: plugin 'postgres-capability' serves database/postgres 16",
                "Normal Ready: provided by plugin 'postgres-capability'");
        assertThat(count(events, "PluginSelected")).isEqualTo(1);
        assertThat(count(events, "Ready")).isEqualTo(1);
        assertThat(count(events, "Created")).isEqualTo(operator.createdFor(NS, "db").size());

        // Reconciliations that change nothing write no Event.
        int reconciled = operator.reconciliations();
        operator.client().services().inNamespace(NS).withName("db").edit(s -> {
            s.getMetadata().setAnnotations(Map.of("touched", "yes"));
            return s;
        });
        await().atMost(OperatorFixture.WAIT).until(() -> operator.reconciliations() > reconciled);
        assertThat(operator.events(NS, "db")).isEqualTo(events);

        // A new generation: observed, and still Ready since the same transition.
        long generation = capabilities().withName("db").edit(c -> {
            c.getSpec().getParameters().add(new Parameter("DB_NAME", "orders"));
            return c;
        }).getMetadata().getGeneration();
        assertThat(generation).as("the API server counts spec changes").isGreaterThan(ready.getMetadata().getGeneration());
        Capability observed = operator.awaitReady(NS, "db", CapabilityCondition.TRUE);
        assertThat(observed.getStatus().getObservedGeneration()).isEqualTo(generation);
        assertThat(observed.getStatus().ready().orElseThrow().getLastTransitionTime())
                .isEqualTo(condition.getLastTransitionTime());
        assertThat(count(operator.events(NS, "db"), "Ready")).isEqualTo(1);
    }

    @Test
    void aFailingPluginIsToldOnceAsAWarningAndItsRecoveryToo() throws Exception {
        TestPlugins.addTestPlugin(plugins, "crashing");
        // A slow restart, so a reconciliation happens while the plugin is RESTARTING; retries of a
        // failed plugin so slow that only the plugin coming back brings the Capability back soon.
        operator = OperatorFixture.start(plugins,
                OperatorFixture.settings().pluginRetry(Duration.ofMinutes(2), Duration.ofMinutes(2)).build(),
                config -> config,
                restarts -> restarts.initialBackoff(Duration.ofSeconds(3)).maxBackoff(Duration.ofSeconds(3)).jitter(0));
        operator.create(OperatorFixture.capability(NS, "nobody", "test", "unknown", null));
        operator.create(OperatorFixture.capability(NS, "app", "test", "crashing", null));

        Capability unserved = operator.awaitReady(NS, "nobody", CapabilityCondition.FALSE);
        assertThat(unserved.getStatus().ready().orElseThrow().getReason()).isEqualTo("PluginNotFound");
        assertThat(unserved.getStatus().getPlugin()).isNull();
        assertThat(operator.events(NS, "nobody")).singleElement().asString()
                .startsWith("Warning PluginNotFound: no plugin provides category 'test', type 'unknown'");
        operator.awaitReady(NS, "app", CapabilityCondition.TRUE);

        long pid = handle().pid().orElseThrow();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        await().atMost(OperatorFixture.WAIT).until(() -> handle().state() == PluginState.RESTARTING);
        // A change to the Capability reconciles it now, while the plugin is down: calls fail fast.
        capabilities().withName("app").edit(c -> {
            c.getSpec().setVersion("2");
            return c;
        });

        Capability unknown = operator.awaitReady(NS, "app", CapabilityCondition.UNKNOWN);
        assertThat(unknown.getStatus().ready().orElseThrow().getReason()).isEqualTo("PluginUnavailable");
        assertThat(unknown.getStatus().ready().orElseThrow().getMessage())
                .contains("plugin 'test-crashing' is restarting");
        operator.awaitReady(NS, "app", CapabilityCondition.TRUE);

        List<String> events = operator.events(NS, "app");
        assertThat(events).containsSubsequence(
                "Normal PluginSelected: plugin 'test-crashing' serves test/crashing",
                "Normal Ready: provided by plugin 'test-crashing'",
                "Normal PluginRecovered: plugin 'test-crashing' answers again",
                "Normal Ready: provided by plugin 'test-crashing'");
        assertThat(count(events, "PluginUnavailable")).as("%s", events).isEqualTo(1);
        assertThat(events).anySatisfy(e -> assertThat(e).startsWith("Warning PluginUnavailable: plugin 'test-crashing'"));
        assertThat(count(events, "PluginRecovered")).isEqualTo(1);
        assertThat(count(events, "PluginSelected")).isEqualTo(1);
    }

    private NonNamespaceOperation<Capability, KubernetesResourceList<Capability>, Resource<Capability>> capabilities() {
        return operator.client().resources(Capability.class).inNamespace(NS);
    }

    private PluginHandle handle() {
        return operator.plugins().plugins().stream().filter(h -> h.name().equals("test-crashing")).findFirst()
                .orElseThrow();
    }
}
