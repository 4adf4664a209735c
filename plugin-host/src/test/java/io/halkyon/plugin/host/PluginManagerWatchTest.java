package io.halkyon.plugin.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.halkyon.plugin.api.Plugin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A watched directory is kept in step without restart; listeners hear of it (restarts: SupervisionTest). */
@ExtendWith(NoChildProcessesExtension.class)
class PluginManagerWatchTest {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final PluginClientConfig TEMPLATE = PluginClientConfig.builder()
            .startTimeout(Scenarios.START_TIMEOUT).callTimeout(Duration.ofSeconds(10))
            .shutdownGrace(Duration.ofSeconds(1)).terminateGrace(Duration.ofSeconds(1)).build();
    private static final RestartPolicy FAST = RestartPolicy.backoff(Duration.ofMillis(100), Duration.ofMillis(400),
            Duration.ofSeconds(10));

    @Test
    void aFileCopiedInIsLoadedAndRemovingItUnloadsIt(@TempDir Path dir) throws IOException {
        List<PluginRegistry> seen = new CopyOnWriteArrayList<>();
        try (PluginManager manager = new PluginManager(TEMPLATE, FAST)) {
            manager.addRegistryListener(seen::add);
            assertThat(manager.watch(dir, POLL)).isEmpty();

            install(dir, "widgets", Scenarios.script("good"));

            await().atMost(WAIT).until(() -> manager.registry().find("test", "widget").isPresent());
            await().atMost(WAIT).until(() -> !seen.isEmpty() && last(seen).find("test", "widget").isPresent());
            PluginHandle handle = manager.plugins().get(0);
            assertThat(handle.file()).isEqualTo(dir.resolve("widgets").toAbsolutePath());
            assertThat(handle.state()).isEqualTo(PluginState.RUNNING);
            long pid = handle.pid().getAsLong();

            Files.delete(dir.resolve("widgets"));

            await().atMost(WAIT).until(() -> manager.plugins().isEmpty());
            assertThat(manager.registry().find("test", "widget")).isEmpty();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("process stopped").isNotEqualTo(Optional.of(true));
            assertThat(handle.state()).isEqualTo(PluginState.STOPPED);
            await().atMost(WAIT).until(() -> seen.size() >= 2 && last(seen).plugins().isEmpty());
        }
    }

    @Test
    void aReplacedFileIsReloaded(@TempDir Path dir) throws IOException {
        List<PluginRegistry> seen = new CopyOnWriteArrayList<>();
        Path file = dir.resolve("p");
        install(dir, "p", Scenarios.script("good"));
        try (PluginManager manager = new PluginManager(TEMPLATE, FAST)) {
            manager.addRegistryListener(seen::add);
            PluginHandle first = manager.watch(dir, POLL).get(0);
            assertThat(first.plugin().map(Plugin::name)).contains("good");

            Files.writeString(file, Scenarios.script("other")); // in place, as a plain copy would

            await().atMost(WAIT).until(() -> manager.registry().find("test", "gadget").isPresent());
            PluginHandle second = manager.plugins().get(0);
            assertThat(second).isNotSameAs(first);
            assertThat(second.plugin().map(Plugin::name)).contains("other");
            assertThat(first.state()).isEqualTo(PluginState.STOPPED);
            assertThat(manager.plugins()).hasSize(1);
            await().atMost(WAIT).until(() -> !seen.isEmpty() && last(seen).find("test", "gadget").isPresent());
        }
    }

    @Test
    void aFileThatFailedToStartIsTriedAgainOnlyWhenItChanges(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("late");
        Files.writeString(file, Scenarios.script("good"));
        try (PluginManager manager = new PluginManager(TEMPLATE, FAST)) {
            PluginHandle failed = manager.watch(dir, POLL).get(0);
            assertThat(failed.state()).isEqualTo(PluginState.FAILED);
            assertThat(failed.failure()).get().asString().contains("is not executable");

            await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2))
                    .until(() -> manager.plugins().equals(List.of(failed)));

            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));

            await().atMost(WAIT).until(() -> manager.registry().find("test", "widget").isPresent());
            assertThat(manager.plugins()).hasSize(1).first().isNotSameAs(failed);
        }
    }

    /** Written beside the directory's files under a dot-name, then renamed in: never seen half-written. */
    private static void install(Path dir, String name, String script) throws IOException {
        Path tmp = dir.resolve(".tmp-" + name);
        Files.writeString(tmp, script);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static PluginRegistry last(List<PluginRegistry> seen) {
        return seen.get(seen.size() - 1);
    }
}
