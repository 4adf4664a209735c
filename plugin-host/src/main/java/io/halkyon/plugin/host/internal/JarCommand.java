package io.halkyon.plugin.host.internal;

import io.halkyon.plugin.host.PluginClientConfig;
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
 * <p>Unless the config sets a working directory, the plugin runs in its jar's directory and is
 * named relatively ({@code -jar x.jar}): a class data sharing archive records the jar path as it
 * was given, so {@code x.jsa}, made beside {@code x.jar} by {@code JarClassArchive}, still
 * matches once both are copied elsewhere. That archive is used when it exists, the plugin runs in
 * its directory, and the jar is not pinned by SHA-256 (the digest covers the jar, not the archive).
 * The JVM checks that the jar's size and modification time are those the archive was made for,
 * and without a match runs without it (its warning goes to stderr, logged by the host).
 */
public final class JarCommand {

    /** The archive of {@code x.jar} is {@code x.jsa}, in the same directory. */
    public static final String ARCHIVE_SUFFIX = ".jsa";

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
     * @param jar    the file to run: the configured jar, or its private verified copy
     * @param pinned whether {@code jar} is a copy checked against a pinned SHA-256
     */
    public static JarCommand of(PluginClientConfig config, Path jar, boolean pinned) {
        String name = config.name();
        List<String> plugin = ManifestJavaOptions.read(name, jar, log::warn);
        List<String> options = JavaOptions.merge(JavaOptions.DEFAULTS, plugin, config.javaOptions());
        Path directory = config.workingDirectory().orElse(jar.getParent());
        boolean inItsDirectory = config.workingDirectory().isEmpty();
        Path archive = archiveOf(jar);
        List<String> command = new ArrayList<>();
        command.add(config.command().get(0));
        if (inItsDirectory && !pinned && Files.isReadable(archive)
                && options.stream().noneMatch(o -> JavaOptions.key(o).equals("-XX:SharedArchiveFile"))) {
            command.add("-XX:SharedArchiveFile=" + archive.getFileName());
        }
        command.addAll(options);
        command.add("-jar");
        command.add(inItsDirectory ? jar.getFileName().toString() : jar.toString());
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
