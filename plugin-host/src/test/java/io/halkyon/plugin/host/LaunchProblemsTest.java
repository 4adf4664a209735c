package io.halkyon.plugin.host;

import static io.halkyon.plugin.host.PluginFilesForTests.install;
import static org.assertj.core.api.Assertions.assertThat;

import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.PluginHandshakeException;
import io.halkyon.plugin.host.testplugin.NotAPlugin;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that cannot be plugins: each a clear error, nothing left running. Restarts are disabled
 * here, so each ends FAILED after one start (with restarts, a failed start is retried: see
 * {@link StartRetryTest}).
 */
@ExtendWith(NoChildProcessesExtension.class)
class LaunchProblemsTest {

    private static final PluginClientConfig TEMPLATE = PluginClientConfig.builder()
            .startTimeout(Scenarios.START_TIMEOUT).shutdownGrace(Duration.ofSeconds(1))
            .terminateGrace(Duration.ofSeconds(1)).build();

    @TempDir
    Path dir;

    @Test
    void aFileThatIsNotExecutable() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "not a plugin\n");
        PluginHandle handle = loadOnly();
        assertThat(handle.failure().orElseThrow()).isExactlyInstanceOf(PluginException.class)
                .hasMessage("plugin file " + dir.resolve("notes.txt").toAbsolutePath() + " is not executable and not a .jar");
    }

    @Test
    void aJarWhoseMainPrintsNothingAndExits() throws IOException {
        jar(dir.resolve("tool.jar"), NotAPlugin.class.getName());
        PluginHandle handle = loadOnly();
        assertThat(launchProblem(handle)).isInstanceOf(PluginHandshakeException.class)
                .hasMessageStartingWith("plugin 'tool' exited with status 0 before printing its handshake line;"
                        + " it printed nothing else on stdout");
    }

    @Test
    void aJarWithoutMainClass() throws IOException {
        jar(dir.resolve("library.jar"), null);
        PluginHandle handle = loadOnly();
        assertThat(launchProblem(handle)).isInstanceOf(PluginHandshakeException.class)
                .hasMessageStartingWith("plugin 'library' exited with status 1 before printing its handshake line")
                .hasMessageContaining("no main manifest attribute");
    }

    @Test
    void aHandshakeForASocketThatDoesNotExist() throws IOException {
        install(dir, "ghost", Scenarios.script("ghost-socket"));
        PluginHandle handle = loadOnly();
        assertThat(launchProblem(handle)).isInstanceOf(PluginHandshakeException.class)
                .hasMessageMatching("plugin 'ghost' printed a handshake for unix /tmp/halkyon-no-such-dir-\\d+/plugin.sock"
                        + " but nothing answers there: .*");
    }

    @Test
    void aHealthServiceThatIsNotServing() throws IOException {
        install(dir, "sick", Scenarios.script("not-serving"));
        PluginHandle handle = loadOnly();
        assertThat(launchProblem(handle)).isExactlyInstanceOf(PluginException.class)
                .hasMessage("plugin 'sick': health service 'plugin' answered NOT_SERVING, expected SERVING");
    }

    /** Loads the directory's only file; checks what every launch problem shares. */
    private PluginHandle loadOnly() {
        try (PluginManager manager = PluginManager.builder(TEMPLATE).restartPolicy(RestartPolicy.NEVER).build()) {
            PluginHandle handle = manager.loadDirectory(dir).get(0);
            assertThat(handle.state()).isEqualTo(PluginState.FAILED);
            assertThat(handle.pid()).isEmpty();
            assertThat(handle.plugin()).isEmpty();
            assertThat(handle.restartCount()).isZero();
            assertThat(manager.registry().plugins()).isEmpty();
            assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)).isEmpty();
            return handle;
        }
    }

    /** What failed the start: the cause of "failed and restarts are disabled". */
    private static Throwable launchProblem(PluginHandle handle) {
        Throwable failure = handle.failure().orElseThrow();
        assertThat(failure).hasMessageStartingWith("plugin '" + handle.name() + "' failed and restarts are disabled: "
                + Supervisor.summary(failure.getCause()));
        return failure.getCause();
    }

    private static void jar(Path file, String mainClass) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (mainClass != null) {
            manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        }
        String entry = NotAPlugin.class.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest);
             InputStream klass = NotAPlugin.class.getClassLoader().getResourceAsStream(entry)) {
            jar.putNextEntry(new JarEntry(entry));
            klass.transferTo(jar);
            jar.closeEntry();
        }
    }
}
