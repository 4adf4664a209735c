package io.halkyon.plugin.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.halkyon.plugin.host.internal.JavaRuntime;
import io.halkyon.plugin.host.internal.ProcessTree;
import io.halkyon.plugin.host.testplugin.HostMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A host JVM that exits without stopping its plugins still leaves none behind. */
@ExtendWith(NoChildProcessesExtension.class)
class ShutdownHookTest {

    @Test
    void theShutdownHookKillsPluginsStillRunning(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("pid");
        List<String> command = new ArrayList<>(List.of(JavaRuntime.javaExecutable(), "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), HostMain.class.getName(), pidFile.toString()));
        command.addAll(Scenarios.command("stubborn"));
        Process host = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("host.log").toFile()).start();
        assertThat(host.waitFor(30, TimeUnit.SECONDS)).as("host exits").isTrue();
        assertThat(host.exitValue()).as(Files.readString(dir.resolve("host.log"))).isZero();

        long pid = Long.parseLong(Files.readString(pidFile));
        boolean running = ProcessHandle.of(pid).map(ProcessTree::isRunning).orElse(false);
        if (running) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        assertThat(running).as("plugin %d outlived its host", pid).isFalse();
        assertThat(Files.readString(dir.resolve("host.log"))).as("stopped by the hook")
                .contains("[plugin-host-shutdown-kill]");
    }
}
