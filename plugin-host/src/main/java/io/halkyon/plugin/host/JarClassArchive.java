package io.halkyon.plugin.host;

import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.host.internal.JarCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes the class data sharing archive of a {@code .jar} plugin at package time: {@code x.jsa}
 * beside {@code x.jar}, which {@link PluginClientConfig.Builder#executable} launches then use
 * (about half the CPU of a start: the classes are mapped, not loaded and verified). The plugin is
 * started as a host would start it, with {@code -XX:ArchiveClassesAtExit}, asked for its health
 * and info, and shut down; the JVM writes the classes it loaded on its way out.
 *
 * <p>The archive holds the jar's size and modification time and the name the host runs every
 * jar by (a link in the launch's private directory, so the jar may be renamed and moved), and
 * needs the same Java runtime (version and build) to be used; otherwise the JVM runs without it. Keep both files together and copy them with their modification times
 * (e.g. {@code cp -p}, a container image layer, an archive that keeps times).
 *
 * <p>Run as {@code java -cp <plugin-host and its dependencies> io.halkyon.plugin.host.JarClassArchive x.jar};
 * exit status 0 with the archive written, 1 otherwise (the reason on stderr).
 */
public final class JarClassArchive {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration EXIT_TIMEOUT = Duration.ofMinutes(2);

    private JarClassArchive() {
    }

    /** Command line: one argument, the jar. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: JarClassArchive <plugin.jar>");
            System.exit(2);
        }
        try {
            Path archive = create(Path.of(args[0]));
            System.err.println("class data sharing archive " + archive + " (" + Files.size(archive) / 1024 + " KiB)");
            System.exit(0);
        } catch (IOException | RuntimeException e) {
            System.err.println("cannot make the class data sharing archive of " + args[0] + ": " + e.getMessage());
            System.exit(1);
        }
    }

    /** Where the archive of {@code jar} lies, and where a host looks for it: {@code x.jar} → {@code x.jsa} beside it. */
    public static Path archiveOf(Path jar) {
        return JarCommand.archiveOf(jar);
    }

    /**
     * Replaces the archive of {@code jar} with one made by starting and stopping the plugin.
     *
     * @return the archive, {@code x.jsa} beside {@code x.jar}
     * @throws PluginException when the plugin does not start, or exits without writing it
     */
    public static Path create(Path jar) throws IOException {
        Path file = jar.toAbsolutePath().normalize();
        if (!JarCommand.isJar(file) || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " is not a .jar file");
        }
        Path archive = JarCommand.archiveOf(file);
        Files.deleteIfExists(archive);
        PluginClientConfig config = PluginClientConfig.builder()
                .executable(file)
                .javaOptions(List.of("-XX:ArchiveClassesAtExit=" + archive))
                .startTimeout(START_TIMEOUT)
                .shutdownGrace(EXIT_TIMEOUT) // writing the archive is part of its exit
                .build();
        PluginClient client = PluginClient.start(config);
        int status;
        try {
            client.close();
            status = client.onExit().get(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException(config.name(), "interrupted while plugin '" + config.name() + "' exits");
        } catch (ExecutionException | TimeoutException e) {
            client.kill();
            throw new PluginException(config.name(), "plugin '" + config.name() + "' did not exit: " + e);
        }
        if (status != 0 || !Files.isRegularFile(archive) || Files.size(archive) == 0) {
            Files.deleteIfExists(archive);
            throw new PluginException(config.name(), "plugin '" + config.name() + "' exited with status " + status
                    + " without writing " + archive + "; its stderr: " + client.recentStderr());
        }
        return archive;
    }
}
