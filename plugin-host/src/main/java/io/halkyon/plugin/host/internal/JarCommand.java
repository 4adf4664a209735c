package io.halkyon.plugin.host.internal;

import io.halkyon.plugin.host.PluginClientConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command line of a {@code .jar} plugin set with {@code PluginClientConfig.executable}:
 * {@code <java> <options> -jar <file>}, options being {@link JavaOptions#DEFAULTS}, then the
 * plugin's ({@link ManifestJavaOptions}), then the admin's ({@code PluginClientConfig.javaOptions}).
 *
 * <p>A class data sharing archive records the jar path exactly as it was given on the command
 * line. So that {@code x.jsa}, made beside {@code x.jar} by {@code JarClassArchive}, matches
 * wherever the jar lies and whatever it is named, the plugin runs in the launch's private
 * directory, where {@value #JAR_LINK} is a symbolic link to the jar, as {@code -jar }{@value #JAR_LINK}
 * (the archive is made the same way). The archive is used when it exists and the jar is not
 * pinned by SHA-256 (the digest covers the jar, not the archive). The JVM also checks that the
 * jar's size and modification time are those the archive was made for, and without a match runs
 * without it (its warning goes to stderr, logged by the host). With a working directory set, a
 * plugin user ({@code runAs}: it could not enter the host's private directory), or no private
 * directory, the jar runs by its absolute path and without an archive.
 */
public final class JarCommand {

    /** The archive of {@code x.jar} is {@code x.jsa}, in the same directory. */
    public static final String ARCHIVE_SUFFIX = ".jsa";

    /** The name a jar plugin is run by, in its private directory. */
    public static final String JAR_LINK = "plugin.jar";

    private static final Logger log = LoggerFactory.getLogger(JarCommand.class);

    private final List<String> command;
    private final Path workingDirectory;

    private JarCommand(List<String> command, Path workingDirectory) {
        this.command = List.copyOf(command);
        this.workingDirectory = workingDirectory;
    }

    /** Whether {@code file} is run as a jar (its name ends in {@code .jar}, any case). */
    public static boolean isJar(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar");
    }

    /** The class data sharing archive that goes with {@code jar}: {@code x.jar} → {@code x.jsa}. */
    public static Path archiveOf(Path jar) {
        String name = jar.getFileName().toString();
        return jar.resolveSibling(name.substring(0, name.length() - ".jar".length()) + ARCHIVE_SUFFIX);
    }

    /**
     * Whether the jar runs through the link in the launch's private directory (which the launcher
     * then makes): not when pinned, given a working directory, or run as another user.
     */
    public static boolean linksJar(PluginClientConfig config, boolean pinned) {
        return !pinned && config.workingDirectory().isEmpty() && config.runAs().isEmpty();
    }

    /**
     * @param jar        the file to run: the configured jar, or its private verified copy
     * @param pinned     whether {@code jar} is a copy checked against a pinned SHA-256
     * @param privateDir the launch's own directory, removed with the plugin, or null
     */
    public static JarCommand of(PluginClientConfig config, Path jar, boolean pinned, Path privateDir)
            throws IOException {
        String name = config.name();
        List<String> plugin = ManifestJavaOptions.read(name, jar, log::warn);
        List<String> options = JavaOptions.merge(JavaOptions.DEFAULTS, plugin, config.javaOptions());
        boolean linked = privateDir != null && linksJar(config, pinned);
        Path archive = archiveOf(jar).toAbsolutePath();
        List<String> command = new ArrayList<>();
        command.add(config.command().get(0));
        if (linked && Files.isReadable(archive)
                && options.stream().noneMatch(o -> JavaOptions.key(o).equals("-XX:SharedArchiveFile"))) {
            command.add("-XX:SharedArchiveFile=" + archive);
        }
        command.addAll(options);
        command.add("-jar");
        Path directory;
        if (linked) {
            Files.createSymbolicLink(privateDir.resolve(JAR_LINK), jar.toAbsolutePath());
            command.add(JAR_LINK);
            directory = privateDir;
        } else {
            command.add(jar.toAbsolutePath().toString());
            directory = config.workingDirectory().orElse(jar.toAbsolutePath().getParent());
        }
        if (!plugin.isEmpty()) {
            log.info("plugin '{}': Java options of its manifest: {}", name, plugin);
        }
        log.debug("plugin '{}': command {} in {}", name, command, directory);
        return new JarCommand(command, directory);
    }

    /** The whole command line. */
    public List<String> command() {
        return command;
    }

    /** Where the plugin runs. */
    public Path workingDirectory() {
        return workingDirectory;
    }
}
