package io.halkyon.operator.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.halkyon.operator.DurationConverter;
import io.halkyon.operator.support.OperatorFixture;
import io.halkyon.operator.support.OperatorProcess;
import io.halkyon.operator.support.TestPlugins;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilityStatus;
import io.halkyon.plugin.api.Parameter;
import io.halkyon.plugin.host.PluginHandle;
import io.halkyon.plugin.host.PluginState;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Soak (profile {@code soak}, not in the default run): Capabilities reconcile against the embedded
 * API server while the postgres plugin process is killed (SIGKILL, by pid) every few seconds.
 * Afterwards every Capability must be Ready, this JVM (the operator) must have as many threads and
 * open file descriptors as before the kills, within a small tolerance, and closing must leave no
 * plugin process. "Before" is measured after a first kill and recovery and a settle period (the
 * pools a restart uses start lazily), "after" after the same settle period. Prints one
 * {@code SOAK ...} line with the figures, and a {@code SOAK threads} line per thread name whose
 * count changed.
 *
 * <p>System properties: {@code soak.duration} (default 3m), {@code soak.capabilities} (20),
 * {@code soak.killInterval} (3s), {@code soak.settle} (75s: longer than the 60 s keep-alive of the Kubernetes client's cached HTTP thread pool).
 */
class PluginKillSoak {

    private static final String NS = "soak";
    private static final int THREAD_TOLERANCE = 5;
    private static final int FD_TOLERANCE = 10;

    @TempDir
    Path plugins;

    @Test
    void capabilitiesStayReconciledWhileThePluginIsKilledAgainAndAgain() throws Exception {
        Duration duration = duration("soak.duration", "3m");
        Duration killInterval = duration("soak.killInterval", "3s");
        Duration settle = duration("soak.settle", "75s");
        int count = Integer.getInteger("soak.capabilities", 20);
        long begin = System.nanoTime();
        TestPlugins.addPostgres(plugins);
        Set<ProcessHandle> seen = new LinkedHashSet<>();
        int kills = 0;
        boolean allReady;
        long threadsBefore;
        long threadsAfter;
        long fdsBefore;
        long fdsAfter;
        List<String> names = IntStream.range(0, count).mapToObj(i -> "db-" + i).toList();
        // Killing is the point here, not crash-loop detection: the host must keep restarting.
        try (OperatorFixture operator = OperatorFixture.start(plugins, OperatorFixture.settings().build(),
                config -> config, restarts -> restarts.crashLoop(1_000_000, Duration.ofMinutes(1)))) {
            operator.markWorkloadsReady();
            names.forEach(n -> operator.create(OperatorFixture.capability(NS, n, "database", "postgres", null,
                    "DB_PASSWORD=s3cret")));
            awaitAllReady(operator, names, Duration.ofMinutes(2));
            // One kill and recovery first: the pools a restart uses are created lazily; measure after.
            ProcessHandle first = pluginProcess(operator).orElseThrow();
            seen.add(first);
            first.destroyForcibly();
            kills++;
            awaitPluginBack(operator, first);
            touch(operator, names.get(0), kills);
            awaitAllReady(operator, names, Duration.ofMinutes(2));
            Thread.sleep(settle.toMillis());
            threadsBefore = threads();
            fdsBefore = fds();
            Map<String, Long> threadNamesBefore = threadNames();

            long end = System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < end) {
                Thread.sleep(killInterval.toMillis());
                Optional<ProcessHandle> plugin = pluginProcess(operator);
                if (plugin.isPresent()) {
                    seen.add(plugin.get());
                    plugin.get().destroyForcibly();
                    kills++;
                }
                // Changes keep reconciliations coming while the plugin is down or restarting.
                touch(operator, names.get(kills % count), kills);
                touch(operator, names.get((kills + count / 2) % count), kills);
            }

            allReady = tryAwaitAllReady(operator, names, Duration.ofMinutes(3));
            Thread.sleep(settle.toMillis());
            threadsAfter = threads();
            fdsAfter = fds();
            printThreadGrowth(threadNamesBefore, threadNames());
            pluginProcess(operator).ifPresent(seen::add);
        }
        List<ProcessHandle> leftovers = new ArrayList<>(ProcessHandle.current().descendants().toList());
        leftovers.addAll(seen);
        boolean gone = tryAwait(() -> leftovers.stream().allMatch(OperatorProcess::exited), Duration.ofSeconds(10));
        long leftover = leftovers.stream().filter(p -> !OperatorProcess.exited(p)).count();
        leftovers.forEach(ProcessHandle::destroyForcibly);

        System.out.println("SOAK kills=" + kills + " capabilities=" + count + " all_ready=" + allReady
                + " leftover_processes=" + leftover + " threads_before=" + threadsBefore + " threads_after="
                + threadsAfter + " fds_before=" + fdsBefore + " fds_after=" + fdsAfter + " elapsed_s="
                + Duration.ofNanos(System.nanoTime() - begin).toSeconds());
        assertThat(kills).as("plugin kills").isPositive();
        assertThat(allReady).as("every Capability Ready in the end").isTrue();
        assertThat(gone).as("no plugin process left after shutdown").isTrue();
        assertThat(threadsAfter).as("threads after the kills").isLessThanOrEqualTo(threadsBefore + THREAD_TOLERANCE);
        assertThat(fdsAfter).as("open file descriptors after the kills").isLessThanOrEqualTo(fdsBefore + FD_TOLERANCE);
    }

    private static Optional<ProcessHandle> pluginProcess(OperatorFixture operator) {
        return operator.plugins().plugins().stream().map(PluginHandle::pid).filter(OptionalLong::isPresent)
                .map(OptionalLong::getAsLong).map(ProcessHandle::of).flatMap(Optional::stream)
                .filter(ProcessHandle::isAlive).findFirst();
    }

    private static void awaitPluginBack(OperatorFixture operator, ProcessHandle killed) {
        assertThat(tryAwait(() -> pluginProcess(operator).filter(p -> p.pid() != killed.pid()).isPresent()
                && operator.plugins().plugins().stream().allMatch(h -> h.state() == PluginState.RUNNING),
                Duration.ofMinutes(1))).as("the plugin is back").isTrue();
    }

    /** Changes a parameter, so the Capability is reconciled again; tried again when the operator wrote meanwhile. */
    private static void touch(OperatorFixture operator, String name, int value) {
        for (int attempt = 1; ; attempt++) {
            Capability capability = operator.get(NS, name);
            List<Parameter> parameters = new ArrayList<>(capability.getSpec().getParameters());
            parameters.removeIf(p -> p.getName().equals("touch"));
            parameters.add(new Parameter("touch", Integer.toString(value)));
            capability.getSpec().setParameters(parameters);
            try {
                operator.client().resource(capability).update();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == 10) {
                    throw e;
                }
            }
        }
    }

    private static void awaitAllReady(OperatorFixture operator, List<String> names, Duration atMost) {
        assertThat(tryAwaitAllReady(operator, names, atMost)).as("every Capability Ready").isTrue();
    }

    private static boolean tryAwaitAllReady(OperatorFixture operator, List<String> names, Duration atMost) {
        return tryAwait(() -> names.stream().map(n -> operator.get(NS, n)).allMatch(c -> c.getStatus() != null
                && CapabilityStatus.READY.equals(c.getStatus().getReason())), atMost);
    }

    private static boolean tryAwait(java.util.concurrent.Callable<Boolean> condition, Duration atMost) {
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(condition);
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return false;
        }
    }

    private static long threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** Live threads by name, digits replaced by {@code #}. */
    private static Map<String, Long> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .collect(Collectors.groupingBy(t -> t.getName().replaceAll("\\d+", "#"), TreeMap::new,
                        Collectors.counting()));
    }

    /** One line per thread name whose count changed, to find what a growth is made of. */
    private static void printThreadGrowth(Map<String, Long> before, Map<String, Long> after) {
        Set<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String name : names) {
            long diff = after.getOrDefault(name, 0L) - before.getOrDefault(name, 0L);
            if (diff != 0) {
                System.out.println("SOAK threads " + (diff > 0 ? "+" : "") + diff + " " + name);
            }
        }
    }

    private static long fds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static Duration duration(String property, String fallback) {
        return DurationConverter.parse(System.getProperty(property, fallback));
    }
}
