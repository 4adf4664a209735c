package io.halkyon.plugin.host;

import static io.halkyon.plugin.host.PluginFilesForTests.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.halkyon.plugin.host.internal.JavaRuntime;
import io.halkyon.plugin.host.testplugin.ContainmentHostMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugins that try to outlive their host: a descendant that leaves the plugin's tree, a host
 * killed with SIGKILL while a plugin's child runs, a plugin that ignores its host. Each host is a
 * separate JVM under {@link ProcessContainment#contain} ({@link ContainmentHostMain}): containment
 * is for a process that owns its JVM.
 */
@org.junit.jupiter.api.extension.ExtendWith(NoChildProcessesExtension.class)
class ContainmentTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private final List<Host> hosts = new ArrayList<>();
    private final List<Long> strays = new ArrayList<>();

    @AfterEach
    void killEverything() {
        hosts.forEach(h -> {
            h.process.descendants().forEach(ProcessHandle::destroyForcibly);
            h.process.destroyForcibly();
        });
        strays.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void aProcessThatLeavesItsPluginsTreeIsAdoptedAndKilledWhileTheHostRuns() throws Exception {
        Path pidFile = dir.resolve("escaped.pid");
        Host host = start("key", Scenarios.command("escape", pidFile.toString()));
        host.await("STARTED ");
        long escaped = readPid(pidFile);
        strays.add(escaped);

        await().atMost(WAIT).until(() -> !running(escaped));
        await().atMost(WAIT).until(() -> host.log().contains("process " + escaped + " ")
                && host.log().contains("left its plugin's process tree and was adopted by the host: killed"));

        host.send("stop");
        host.await("STOPPED");
        assertThat(host.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(records("key")).as("record removed once every plugin stopped").isEmpty();
    }

    @Test
    void whatAHostKilledWithSigkillLeftIsKilledByTheNextHostOfTheSameKey() throws Exception {
        Path pidFile = dir.resolve("grandchild.pids");
        Host first = start("key", Scenarios.command("grandchild", pidFile.toString()));
        first.await("STARTED ");
        long child = Long.parseLong(Files.readString(pidFile).trim().split(" ")[0]);
        strays.add(child);
        await().atMost(WAIT).until(() -> records("key").stream().anyMatch(f -> read(f).contains("\n" + child + " ")));
        Path socketDir = Path.of(records("key").stream().map(ContainmentTest::read).flatMap(String::lines)
                .filter(l -> l.startsWith("dir ")).findFirst().orElseThrow().substring(4));

        first.process.destroyForcibly();
        assertThat(first.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(running(child)).as("the plugin's child outlives a host killed with SIGKILL").isTrue();
        assertThat(socketDir).as("the plugin, killed with its host, could not remove it").isDirectory();
        Host other = start("other-key", List.of());
        assertThat(other.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(running(child)).as("a host of another key leaves it alone").isTrue();

        Host next = start("key", List.of());
        assertThat(next.process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        await().atMost(WAIT).until(() -> !running(child));
        assertThat(next.log()).contains("killed process " + child + " left running by a previous host (pid "
                + first.process.pid() + ")");
        assertThat(records("key")).isEmpty();
        assertThat(socketDir).doesNotExist();
    }

    @Test
    void aPluginThatIgnoresItsHostIsKilledByTheKernelWhenTheHostIsKilled() throws Exception {
        Path pidFile = dir.resolve("hang.pid");
        Host host = start("key", Scenarios.command("hang-pid", pidFile.toString()));
        host.await("CONTAINED ");
        await().atMost(WAIT).until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
        long plugin = readPid(pidFile);
        strays.add(plugin);
        assertThat(running(plugin)).isTrue();
        await().atMost(WAIT).until(() -> records("key").stream().anyMatch(f -> read(f).contains("\n" + plugin + " ")
                && read(f).contains("\ndir ")));

        host.process.destroyForcibly();

        await().atMost(WAIT).until(() -> !running(plugin));
        Host next = start("key", List.of()); // removes the socket directory it could not
        assertThat(next.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aRecordDirectoryWritableByOthersIsRefused() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Host host = new Host(shared, "key", List.of());
        hosts.add(host);
        assertThat(host.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(host.process.exitValue()).isNotZero();
        assertThat(host.log()).contains("cannot use " + shared + " for the record of plugin processes: " + shared
                + " is writable by other users (rwxrwxrwx)");
    }

    private Host start(String key, List<String> pluginCommand) throws IOException {
        Host host = new Host(dir.resolve("records"), key, pluginCommand);
        hosts.add(host);
        return host;
    }

    private List<Path> records(String key) throws IOException {
        Path records = dir.resolve("records");
        if (!Files.isDirectory(records)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(records)) {
            return files.filter(f -> f.getFileName().toString().startsWith(key + ".")
                    && f.getFileName().toString().endsWith(".pids")).toList();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static long readPid(Path file) {
        await().atMost(WAIT).until(() -> Files.exists(file) && !Files.readString(file).isBlank());
        return Long.parseLong(read(file).trim());
    }

    /** A {@link ContainmentHostMain} process: its stdout lines collected, its stderr in a file. */
    private final class Host {
        final Process process;
        final Path log;
        final List<String> lines = new CopyOnWriteArrayList<>();

        Host(Path records, String key, List<String> pluginCommand) throws IOException {
            List<String> command = new ArrayList<>(List.of(JavaRuntime.javaExecutable(), "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"),
                    ContainmentHostMain.class.getName(), records.toString(), key));
            command.addAll(pluginCommand);
            log = Files.createTempFile(dir, "host", ".log");
            process = new ProcessBuilder(command).redirectError(log.toFile()).start();
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // host gone
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        void await(String prefix) {
            org.awaitility.Awaitility.await("host line " + prefix).atMost(WAIT)
                    .failFast("host exited: " + log(), () -> !process.isAlive() && lines.stream()
                            .noneMatch(l -> l.startsWith(prefix)))
                    .until(() -> lines.stream().anyMatch(l -> l.startsWith(prefix)));
        }

        void send(String line) throws IOException {
            Writer in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            in.write(line + "\n");
            in.flush();
        }

        /** Everything it wrote: logback's console is stdout, the JVM's own errors go to stderr. */
        String log() {
            return String.join("\n", lines) + "\n" + read(log);
        }
    }
}
