package io.halkyon.plugin.host;

import static io.halkyon.plugin.host.PluginFilesForTests.running;
import static org.assertj.core.api.Assertions.assertThat;

import io.halkyon.plugin.host.internal.JavaRuntime;
import io.halkyon.plugin.host.testplugin.OrphanHostMain;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host killed with SIGKILL runs no hook: its plugins are killed by the kernel (setpriv's
 * parent-death signal), and SDK plugins would notice their host is gone by themselves anyway.
 */
@ExtendWith(NoChildProcessesExtension.class)
class OrphanTest {

    /** The promise: gone within 2 s. The margin is for a loaded 2-core test machine. */
    private static final Duration PROMISE = Duration.ofSeconds(2);
    private static final Duration MARGIN = Duration.ofSeconds(1);

    @Test
    void pluginsOfAHostKilledWithSigkillAreGoneWithinTwoSeconds(@TempDir Path dir) throws Exception {
        List<String> command = new ArrayList<>(List.of(JavaRuntime.javaExecutable(), "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), OrphanHostMain.class.getName(), "2"));
        command.addAll(Scenarios.command("good"));
        Set<Path> socketDirsBefore = socketDirs();
        Process host = new ProcessBuilder(command).redirectError(dir.resolve("host.log").toFile()).start();
        List<Long> pids = List.of();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> readPids(out)).get(60, TimeUnit.SECONDS);
            assertThat(line).as(Files.readString(dir.resolve("host.log"))).startsWith("PIDS ");
            pids = Arrays.stream(line.substring(5).trim().split(" ")).map(Long::parseLong).toList();
            assertThat(pids).hasSize(2).allSatisfy(pid -> assertThat(running(pid)).isTrue());

            host.destroyForcibly();
            assertThat(host.waitFor(10, TimeUnit.SECONDS)).isTrue();
            long killedAt = System.nanoTime();
            List<Long> watched = pids;
            while (watched.stream().anyMatch(PluginFilesForTests::running)
                    && System.nanoTime() - killedAt < PROMISE.plus(MARGIN).toNanos()) {
                Thread.sleep(20);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - killedAt);

            assertThat(pids).as("plugins still running %s after their host was killed", took)
                    .allSatisfy(pid -> assertThat(running(pid)).isFalse());
            assertThat(took).isLessThan(PROMISE.plus(MARGIN));
            // Killed outright, they could not remove their sockets, nor could their host: a host under
            // ProcessContainment removes them at its next start (ContainmentTest); this one is not.
            Set<Path> left = socketDirs();
            left.removeAll(socketDirsBefore);
            left.forEach(PluginFilesForTests::deleteTree);
        } finally {
            host.destroyForcibly();
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly)); // no longer our descendants
        }
    }

    private static Set<Path> socketDirs() throws java.io.IOException {
        try (java.util.stream.Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("hk") && Files.isDirectory(p))
                    .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
        }
    }

    private static String readPids(BufferedReader out) {
        try {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("PIDS ")) {
                    return line;
                }
            }
            return "(host exited without printing its plugins' pids)";
        } catch (java.io.IOException e) {
            return "(" + e + ")";
        }
    }
}
