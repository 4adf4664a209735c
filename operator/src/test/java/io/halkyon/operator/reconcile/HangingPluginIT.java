package io.halkyon.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.halkyon.operator.support.NoChildProcesses;
import io.halkyon.operator.support.OperatorFixture;
import io.halkyon.operator.support.TestPlugins;
import io.halkyon.plugin.api.CapabilityStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin hanging in its calls (GetDependents for some Capabilities, Build for others) holds at
 * most its share of the reconcile threads: the Capabilities of another plugin reach Ready while it
 * hangs, and the hanging ones are Failed with a timeout message once the call deadline passes.
 */
@ExtendWith(NoChildProcesses.class)
class HangingPluginIT {

    private static final String NS = "hang";
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(4);
    /** More hanging Capabilities than reconcile threads: without a per-plugin limit they would take them all. */
    private static final int HANGING = 4;
    private static final int THREADS = 4;

    @TempDir
    Path plugins;
    @TempDir
    Path scratch;

    private OperatorFixture operator;

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void aHangingPluginNeverBlocksTheCapabilitiesOfAnotherAndTimesOut() throws Exception {
        TestPlugins.addTestPlugin(plugins, "hanging");
        TestPlugins.addTestPlugin(plugins, "blocking"); // the good plugin: answers at once without a blockFile
        operator = OperatorFixture.start(plugins,
                OperatorFixture.settings().reconcileThreads(THREADS).callsPerPlugin(THREADS / 2).build(),
                config -> config.callTimeout(CALL_TIMEOUT));
        Path hang = scratch.resolve("hang");
        Files.writeString(hang, "hang while this file exists");

        List<String> hanging = IntStream.range(0, HANGING).mapToObj(i -> "stuck-" + i).toList();
        for (int i = 0; i < HANGING; i++) {
            operator.create(OperatorFixture.capability(NS, hanging.get(i), "test", "hanging", null,
                    "hangFile=" + hang, "hangIn=" + (i % 2 == 0 ? "dependents" : "build")));
        }
        // The hanging plugin has as many calls in progress as it may have...
        await().atMost(OperatorFixture.WAIT).until(() -> entered(hang) >= THREADS / 2);
        // ...when the good plugin's Capability comes: it is served at once.
        operator.create(OperatorFixture.capability(NS, "fine", "test", "blocking", null));
        operator.awaitReason(NS, "fine", CapabilityStatus.READY);
        assertThat(operator.statusHistory()).as("Ready while the other plugin hangs: no hanging call has timed out yet")
                .noneMatch(s -> s.startsWith(NS + "/stuck-"));

        // After the deadline: Failed, naming the plugin, the call and the deadline (even: GetDependents, odd: Build).
        await().atMost(OperatorFixture.WAIT).until(() -> failedOne(0) != null && failedOne(1) != null);
        assertThat(failedOne(0)).contains("plugin 'test-hanging'").contains("GetDependents of Capability hang/stuck-")
                .contains("did not answer within 4s");
        assertThat(failedOne(1)).contains("plugin 'test-hanging'")
                .containsPattern("Build of dependent v1/ConfigMap/stuck-\\d-cm").contains("did not answer within 4s");
        assertThat(operator.client().configMaps().inNamespace(NS).list().getItems())
                .as("nothing written for a Build that never answered")
                .extracting(c -> c.getMetadata().getName()).containsExactly("fine-cm");

        // Once the plugin answers again, the retries bring every one of them to Ready.
        Files.delete(hang);
        for (String name : hanging) {
            operator.awaitReason(NS, name, CapabilityStatus.READY);
        }
    }

    /** The message of the first Failed status of a hanging Capability whose index has this parity; null if none yet. */
    private String failedOne(int parity) {
        return operator.statusHistory().stream()
                .filter(s -> s.matches(NS + "/stuck-\\d+ Failed: .*"))
                .filter(s -> Integer.parseInt(s.substring((NS + "/stuck-").length(), s.indexOf(' '))) % 2 == parity)
                .findFirst().orElse(null);
    }

    /** How many Capabilities' calls entered the hang. */
    private static long entered(Path hang) throws IOException {
        try (Stream<Path> files = Files.list(hang.getParent())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".entered")).count();
        }
    }
}
