package io.halkyon.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.halkyon.operator.support.NoChildProcesses;
import io.halkyon.operator.support.OperatorProcess;
import io.halkyon.operator.support.TestPlugins;
import io.halkyon.operator.testplugin.TestPlugin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production operator jar in a JVM of its own, reconciling in a cluster named by a kubeconfig
 * (the embedded one of this JVM), with two plugins (the postgres jar and an SDK test plugin started
 * through a script): killed with SIGKILL, it leaves no plugin behind after 2 s (the kernel kills
 * them) and its next start removes their socket directories; it logs a plugin's restart; stopped
 * with SIGTERM, it stops them and exits 0.
 */
@ExtendWith(NoChildProcesses.class)
class OperatorProcessIT {

    /** What the issue promises for plugins built with the SDK. */
    private static final Duration ORPHAN_BOUND = Duration.ofSeconds(2);
    /** For a JVM to get scheduled and exit on 2 busy cores. */
    private static final Duration MARGIN = Duration.ofSeconds(1);

    @TempDir
    Path plugins;
    @TempDir
    Path samples;
    @TempDir
    Path work;

    @BeforeEach
    void pluginsAndSamples() throws Exception {
        TestPlugins.addPostgres(plugins);
        TestPlugins.addTestPlugin(plugins, "blocking");
        Files.writeString(samples.resolve("db.yaml"), """
                apiVersion: halkyon.io/v1beta1
                kind: Capability
                metadata:
                  name: db
                spec:
                  category: database
                  type: postgres
                """);
    }

    @Test
    void sigkillOfTheOperatorLeavesNoPluginAfterTwoSecondsAndTheNextStartRemovesTheirSockets() throws Exception {
        Set<Path> socketDirsBefore = socketDirs();
        Set<Path> left;
        try (OperatorProcess operator = OperatorProcess.start(work, plugins, samples)) {
            List<ProcessHandle> pluginProcesses = operator.awaitRunningWithPlugins(2);
            assertThat(operator.stderr()).contains("process containment: host non-dumpable, plugins killed with the"
                    + " host, no new privileges").contains("orphans adopted and killed, processes recorded in "
                    + work.resolve("state"));
            await().atMost(Duration.ofSeconds(10)).until(() -> recorded(pluginProcesses));

            long killed = System.nanoTime();
            operator.process().destroyForcibly();
            assertThat(operator.process().waitFor(10, TimeUnit.SECONDS)).as("the operator JVM died").isTrue();

            await().atMost(ORPHAN_BOUND.plus(MARGIN)).pollInterval(Duration.ofMillis(20))
                    .until(() -> pluginProcesses.stream().allMatch(OperatorProcess::exited));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            System.out.println("FIGURE orphans_gone_after_sigkill_ms=" + millis + " plugins=" + pluginProcesses.size());
            left = socketDirs();
            left.removeAll(socketDirsBefore);
        }
        // Killed outright with the operator, the plugins could not remove their sockets: the next start does.
        assertThat(left).as("socket directories of the killed plugins").isNotEmpty();
        Path second = Files.createDirectory(work.resolve("second"));
        try (OperatorProcess next = OperatorProcess.start(second, plugins, samples, work.resolve("state"))) {
            next.awaitRunningWithPlugins(2);
            assertThat(left).allSatisfy(dir -> assertThat(dir).doesNotExist());
            next.process().destroy();
            assertThat(next.process().waitFor(ShutdownSignal.CLEANUP_BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();
        }
    }

    private boolean recorded(List<ProcessHandle> pluginProcesses) throws IOException {
        try (Stream<Path> records = Files.list(work.resolve("state"))) {
            String all = records.map(OperatorProcessIT::read).reduce("", String::concat);
            return all.contains("\ndir ") && pluginProcesses.stream().allMatch(p -> all.contains("\n" + p.pid() + " "));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static Set<Path> socketDirs() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("hk") && Files.isDirectory(p))
                    .collect(Collectors.toCollection(HashSet::new));
        }
    }

    @Test
    void aPluginRestartIsLoggedThenSigtermStopsEveryPluginAndExitsZero() throws Exception {
        try (OperatorProcess operator = OperatorProcess.start(work, plugins, samples)) {
            List<ProcessHandle> first = operator.awaitRunningWithPlugins(2);

            // A plugin killed behind the operator's back: restarted, and each state change logged.
            ProcessHandle testPlugin = first.stream().filter(p -> OperatorProcess.commandLine(p)
                    .contains(TestPlugin.class.getName())).findFirst().orElseThrow();
            testPlugin.destroyForcibly();
            String restarting = "plugin 'test-blocking': RUNNING -> RESTARTING: plugin 'test-blocking' (pid "
                    + testPlugin.pid() + ") exited unexpectedly with status 137";
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(operator.stderr())
                    .contains(restarting).satisfies(err -> assertThat(err.substring(err.indexOf(restarting)))
                            .as("restarted").contains("plugin 'test-blocking': STARTING -> RUNNING")));
            List<ProcessHandle> pluginProcesses = operator.awaitRunningWithPlugins(2);

            long signalled = System.nanoTime();
            operator.process().destroy(); // SIGTERM
            boolean exited = operator.process().waitFor(ShutdownSignal.CLEANUP_BOUND_SECONDS, TimeUnit.SECONDS);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);

            assertThat(exited).as("exited within the shutdown bound: " + operator.describe()).isTrue();
            assertThat(operator.process().exitValue()).as(operator.describe()).isZero();
            assertThat(pluginProcesses).as("plugins stopped before the operator exited")
                    .allMatch(OperatorProcess::exited);
            assertThat(operator.stderr()).contains("SIGTERM received");
            System.out.println("FIGURE graceful_stop_ms=" + millis + " plugins=" + pluginProcesses.size());
        }
    }
}
