package io.halkyon.plugin.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.PluginHandshakeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Loading a directory: results per file, one bad file never stops the others, registry, duplicates. */
@ExtendWith(NoChildProcessesExtension.class)
class PluginManagerTest {

    private static final PluginClientConfig TEMPLATE = PluginClientConfig.builder()
            .startTimeout(Scenarios.START_TIMEOUT).callTimeout(Duration.ofSeconds(10))
            .shutdownGrace(Duration.ofSeconds(2)).terminateGrace(Duration.ofSeconds(2)).build();

    @Test
    void loadsEveryPluginFileAndReportsEachResult(@TempDir Path dir) throws IOException {
        executable(dir.resolve("a-good"), Scenarios.script("good"));
        executable(dir.resolve("b-other"), Scenarios.script("other"));
        executable(dir.resolve("c-bad"), Scenarios.script("exit-early"));
        Files.writeString(dir.resolve("d-notes.txt"), "not a plugin\n");
        Files.writeString(dir.resolve("e-broken.jar"), "not a zip file\n");
        executable(dir.resolve(".hidden"), "#!/bin/sh\nexit 9\n");
        Files.createDirectory(dir.resolve("f-directory"));

        // Restarts far enough away that the failed starts are seen waiting for theirs.
        PluginManager manager = new PluginManager(TEMPLATE,
                RestartPolicy.backoff(Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ofMinutes(1)));
        try {
            List<PluginHandle> handles = manager.loadDirectory(dir);

            assertThat(handles).extracting(h -> h.file().getFileName().toString())
                    .containsExactly("a-good", "b-other", "c-bad", "d-notes.txt", "e-broken.jar");
            assertThat(handles).extracting(PluginHandle::name)
                    .containsExactly("a-good", "b-other", "c-bad", "d-notes.txt", "e-broken");
            // A file that cannot run is FAILED; one whose process failed its start is started again.
            assertThat(handles).extracting(PluginHandle::state).containsExactly(PluginState.RUNNING,
                    PluginState.RUNNING, PluginState.RESTARTING, PluginState.FAILED, PluginState.RESTARTING);
            assertThat(handles.get(0).failure()).isEmpty();
            assertThat(handles.get(0).plugin()).get().extracting(p -> p.name()).isEqualTo("good");
            assertThat(handles.get(2).failure()).get().isInstanceOf(PluginHandshakeException.class).asString()
                    .contains("exited with status 3").contains("cannot open /etc/no-such-config");
            assertThat(handles.get(3).failure()).get().isInstanceOf(PluginException.class).asString()
                    .contains("d-notes.txt is not executable and not a .jar");
            assertThat(handles.get(4).failure()).get().isInstanceOf(PluginHandshakeException.class).asString()
                    .contains("exited with status 1").containsIgnoringCase("jarfile");
            assertThat(handles.get(4).pid()).isEmpty();
            assertThat(manager.plugins()).isEqualTo(handles);

            PluginRegistry registry = manager.registry();
            assertThat(registry.find("TEST", "widget")).isEqualTo(handles.get(0).plugin());
            assertThat(registry.find("test", "Gadget")).isEqualTo(handles.get(1).plugin());
            assertThat(registry.require("test", "gadget", "3").name()).isEqualTo("other");
            assertThat(registry.conflicts()).containsExactly("test/WIDGET is provided by file a-good (plugin 'good', kept)"
                    + " and by file b-other (plugin 'other', ignored)");

            manager.close();
            assertThat(handles.subList(0, 2)).extracting(PluginHandle::state)
                    .containsOnly(PluginState.STOPPED);
        } finally {
            manager.close();
        }
    }

    @Test
    void closeStopsEveryPluginInParallelWithinItsBound(@TempDir Path dir) throws IOException {
        Duration shutdownGrace = Duration.ofMillis(700);
        Duration terminateGrace = Duration.ofMillis(700);
        executable(dir.resolve("a-stubborn"), Scenarios.script("stubborn"));
        executable(dir.resolve("b-stubborn"), Scenarios.script("stubborn"));
        executable(dir.resolve("c-good"), Scenarios.script("good"));
        PluginManager manager = new PluginManager(TEMPLATE.toBuilder().shutdownGrace(shutdownGrace)
                .terminateGrace(terminateGrace).build());
        List<Long> pids;
        try {
            List<PluginHandle> handles = manager.loadDirectory(dir);
            assertThat(handles).extracting(PluginHandle::state).containsOnly(PluginState.RUNNING);
            pids = handles.stream().map(h -> h.pid().getAsLong()).toList();
        } catch (RuntimeException | Error e) {
            manager.close();
            throw e;
        }

        long start = System.nanoTime();
        manager.close();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(pids).allSatisfy(pid -> assertThat(PluginFilesForTests.running(pid)).as("pid %d", pid).isFalse());
        Duration graces = shutdownGrace.plus(terminateGrace);
        // The stubborn ones ignore Shutdown and SIGTERM: both graces pass, once (in parallel), not twice.
        assertThat(took).isGreaterThanOrEqualTo(graces).isLessThan(graces.plus(graces));
        assertThat(manager.plugins()).extracting(PluginHandle::state).containsOnly(PluginState.STOPPED);
    }

    @Test
    void aMissingDirectoryIsAnErrorNamingIt(@TempDir Path dir) {
        try (PluginManager manager = new PluginManager(TEMPLATE)) {
            Path missing = dir.resolve("nope");
            assertThatThrownBy(() -> manager.loadDirectory(missing))
                    .isInstanceOf(PluginException.class)
                    .hasMessage("plugin directory " + missing + " does not exist");
            assertThat(manager.loadDirectory(dir)).isEmpty();
            assertThat(manager.registry().find("test", "widget")).isEmpty();
        }
    }

    @Test
    void aDirectoryStartsAtMostParallelStartsPluginsAtOnce(@TempDir Path dir) throws IOException {
        // Each plugin process appends "start" to the journal first; the manager's listener appends
        // "running" before its start thread takes the next file.
        Path journal = Files.createTempFile("starts", ".txt");
        try {
            for (String name : List.of("a", "b", "c", "d")) {
                executable(dir.resolve(name), Scenarios.script("good").replaceFirst("\nexec",
                        "\necho start >> '" + journal + "'\nexec"));
            }
            try (PluginManager manager = PluginManager.builder(TEMPLATE).parallelStarts(2).build()) {
                manager.addStateListener(change -> {
                    if (change.from() == PluginState.STARTING) {
                        append(journal, "running\n");
                    }
                });
                assertThat(manager.parallelStarts()).isEqualTo(2);
                assertThat(manager.loadDirectory(dir)).extracting(PluginHandle::state).containsOnly(PluginState.RUNNING);
            }
            int starting = 0;
            int most = 0;
            for (String line : Files.readAllLines(journal)) {
                starting += line.equals("start") ? 1 : -1;
                most = Math.max(most, starting);
            }
            assertThat(most).isEqualTo(2);
        } finally {
            Files.deleteIfExists(journal);
        }
        assertThat(new PluginManager(TEMPLATE).parallelStarts()).isEqualTo(PluginManager.DEFAULT_PARALLEL_STARTS)
                .isGreaterThanOrEqualTo(16);
        assertThatThrownBy(() -> PluginManager.builder(TEMPLATE).parallelStarts(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parallelStarts must be at least 1");
    }

    private static void append(Path file, String text) {
        try {
            Files.writeString(file, text, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void executable(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
