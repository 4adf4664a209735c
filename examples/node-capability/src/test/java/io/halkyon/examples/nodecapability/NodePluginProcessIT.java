package io.halkyon.examples.nodecapability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin process on its own, started as a host would start it (the cookie, the versions, a
 * private socket directory, stdin a pipe), without our host's parent-death signal: the plugin's
 * own checks of the launch and its own ways of stopping.
 */
class NodePluginProcessIT {

    private static final String COOKIE = "HALKYON_CAPABILITY_PLUGIN=io.halkyon.capability.plugin";

    @TempDir
    Path socketDir;
    private final List<ProcessHandle> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        for (ProcessHandle process : started) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> started.stream().allMatch(NodePlugin::hasExited));
    }

    private Process start(List<String> command, String... env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv("PATH"));
        builder.environment().put("PLUGIN_UNIX_SOCKET_DIR", socketDir.toString());
        for (String entry : env) {
            String[] kv = entry.split("=", 2);
            builder.environment().put(kv[0], kv[1]);
        }
        Process process = builder.start();
        started.add(process.toHandle());
        return process;
    }

    private Process startPlugin(String... env) throws IOException {
        return start(List.of(NodePlugin.executable().toString()), env);
    }

    private static String stderr(Process process) throws IOException {
        return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Reads stdout lines until one starts with {@code prefix}. */
    private static String awaitLine(BufferedReader stdout, String prefix) throws IOException {
        for (String line = stdout.readLine(); line != null; line = stdout.readLine()) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("stdout ended without a line starting with " + prefix);
    }

    private static Path socketOf(String handshake) {
        String[] fields = handshake.split("\\|", -1);
        assertThat(fields).hasSize(6);
        assertThat(fields[0]).isEqualTo("1");
        assertThat(fields[2]).isEqualTo("unix");
        assertThat(fields[4]).isEqualTo("grpc");
        assertThat(fields[5]).as("no AutoMTLS certificate").isEmpty();
        return Path.of(fields[3]);
    }

    @Test
    void refusesToRunWithoutTheCookieAndWritesNothingOnStdout() throws Exception {
        Process process = startPlugin("HALKYON_CAPABILITY_PLUGIN=wrong");

        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(process.getInputStream().readAllBytes()).isEmpty();
        assertThat(stderr(process)).contains("This binary is a plugin. These are not meant to be executed directly.");
    }

    @Test
    void exitsWith1WhenTheHostOffersNoVersionItServes() throws Exception {
        Process process = startPlugin(COOKIE, "PLUGIN_PROTOCOL_VERSIONS=2,x");

        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(process.getInputStream().readAllBytes()).isEmpty();
        assertThat(stderr(process)).contains("not an integer").contains("Plugin version: 1, Client versions: 2");
    }

    @Test
    void refusesAutoMtlsItDoesNotSupport() throws Exception {
        Process process = startPlugin(COOKIE, "PLUGIN_CLIENT_CERT=-----BEGIN CERTIFICATE-----");

        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(stderr(process)).contains("plugin 'rabbitmq' cannot start: the host asked for AutoMTLS");
    }

    @Test
    void sigtermExits0AndRemovesTheSocketDirectory() throws Exception {
        Process process = startPlugin(COOKIE, "PLUGIN_PROTOCOL_VERSIONS=1");
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Path socket = socketOf(awaitLine(stdout, "1|"));
        assertThat(socket.getParent().getParent()).isEqualTo(socketDir);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent()))).isEqualTo("rwx------");

        process.toHandle().destroy(); // SIGTERM, through the handle: Process.destroy() also closes our pipes

        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(socket.getParent()).doesNotExist();
        assertThat(stderr(process)).contains("stopping: SIGTERM");
    }

    @Test
    void exitsWhenTheHostClosesItsStdinThoughItsParentLives() throws Exception {
        Process process = startPlugin(COOKIE, "HALKYON_PLUGIN_STDIN_WATCH=1");
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Path socket = socketOf(awaitLine(stdout, "1|"));

        process.getOutputStream().close();

        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(socket.getParent()).doesNotExist();
        assertThat(stderr(process)).contains("the host is gone (its end of stdin closed");
    }

    @Test
    void exitsWhenTheProcessThatLaunchedItDies() throws Exception {
        // A shell launches the plugin and waits: killing the shell re-parents the plugin.
        Process launcher = start(List.of("bash", "-c", "\"$0\" & echo \"pid=$!\"; wait", NodePlugin.executable().toString()),
                COOKIE);
        BufferedReader stdout = new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8));
        ProcessHandle plugin = ProcessHandle.of(Long.parseLong(awaitLine(stdout, "pid=").substring(4))).orElseThrow();
        started.add(plugin);
        Path socket = socketOf(awaitLine(stdout, "1|"));

        launcher.destroyForcibly();

        await().atMost(Duration.ofSeconds(10)).until(() -> NodePlugin.hasExited(plugin));
        assertThat(socket.getParent()).doesNotExist();
    }
}
