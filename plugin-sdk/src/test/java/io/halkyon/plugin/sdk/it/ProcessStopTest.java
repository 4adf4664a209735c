package io.halkyon.plugin.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.halkyon.plugin.api.PluginProtocol;
import io.halkyon.plugin.proto.goplugin.Empty;
import io.halkyon.plugin.proto.goplugin.GRPCControllerGrpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every way a plugin process stops: it exits with 0 and removes its socket directory. */
class ProcessStopTest {

    private final List<PluginProcess> processes = new ArrayList<>();
    private final List<ProcessHandle> others = new ArrayList<>();
    private ManagedChannel channel;

    @AfterEach
    void cleanUp() throws InterruptedException {
        Wire.close(channel);
        processes.forEach(PluginProcess::close);
        others.forEach(PluginProcess::killTree);
    }

    private PluginProcess start(String scenario, Map<String, String> env) throws Exception {
        PluginProcess process = PluginProcess.start(scenario, env);
        processes.add(process);
        return process;
    }

    @Test
    void shutdownRpcExits0AndRemovesTheSocketDirectory() throws Exception {
        PluginProcess process = start("serve", Map.of());
        Path socket = process.socket();
        channel = Wire.dial("unix", socket.toString());

        GRPCControllerGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                .shutdown(Empty.getDefaultInstance());

        assertThat(process.awaitExit(Duration.ofSeconds(5))).isZero();
        assertThat(socket.getParent()).doesNotExist();
        assertThat(process.stderrText()).contains("stopping: Shutdown RPC");
    }

    @Test
    void sigtermExits0AndRemovesTheSocketDirectory() throws Exception {
        PluginProcess process = start("serve", Map.of());
        Path socket = process.socket();
        process.awaitStderr("serving app protocol");

        // SIGTERM; through the handle, because Process.destroy() also closes our end of its pipes
        process.process().toHandle().destroy();

        assertThat(process.awaitExit(Duration.ofSeconds(5))).isZero();
        assertThat(socket.getParent()).doesNotExist();
        assertThat(process.stderrText()).contains("stopping: SIGTERM");
    }

    @Test
    void sigintIsIgnoredAsInGoPlugin() throws Exception {
        PluginProcess process = start("serve", Map.of());
        Path socket = process.socket();
        process.awaitStderr("serving app protocol");

        Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).start();
        assertThat(kill.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();

        // Still serving after the signal was delivered.
        channel = Wire.dial("unix", socket.toString());
        assertThat(HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService("plugin").build()).getStatus())
                .isEqualTo(ServingStatus.SERVING);
        assertThat(process.process().isAlive()).isTrue();
    }

    @Test
    void exitsWithin2sWhenTheProcessThatLaunchedItDies() throws Exception {
        PluginProcess launcher = start("launcher", Map.of());
        long pluginPid = Long.parseLong(launcher.awaitStdoutLine(l -> l.startsWith("pid="), "plugin pid")
                .substring("pid=".length()));
        ProcessHandle plugin = ProcessHandle.of(pluginPid).orElseThrow();
        others.add(plugin);
        Path socket = Path.of(launcher.awaitStdoutLine(l -> l.startsWith("1|"), "handshake").split("\\|")[3]);
        launcher.awaitStderr("serving app protocol");

        launcher.process().destroyForcibly();
        long killed = System.nanoTime();

        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> PluginProcess.hasExited(plugin));
        assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(Duration.ofSeconds(2));
        assertThat(socket.getParent()).doesNotExist();
    }

    @Test
    void exitsWhenTheHostClosesItsStdinThoughItsParentLives() throws Exception {
        PluginProcess process = start("serve", Map.of(PluginProtocol.ENV_STDIN_WATCH, "1"));
        Path socket = process.socket();
        process.awaitStderr("serving app protocol");

        // The parent (this JVM) lives on, as a wrapper script would: only the pipe says the host is gone.
        process.process().getOutputStream().close();

        assertThat(process.awaitExit(Duration.ofSeconds(10))).isZero();
        assertThat(socket.getParent()).doesNotExist();
        assertThat(process.stderrText()).contains("the host is gone (its end of stdin closed");
    }
}
