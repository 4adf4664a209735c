package io.halkyon.plugin.host;

import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.host.internal.JarCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Which files of a directory are plugins (regular files not starting with {@code .}, other than
 * the class data sharing archive {@code x.jsa} of a jar {@code x.jar} beside it), and their names.
 */
final class PluginFiles {

    private PluginFiles() {
    }

    /** The directory's plugin files (absolute, sorted by name) with their stamps. */
    static Map<Path, FileStamp> list(Path dir) {
        Objects.requireNonNull(dir, "dir");
        if (!Files.isDirectory(dir)) {
            throw new PluginException(dir.toString(), "plugin directory " + dir
                    + (Files.exists(dir) ? " is not a directory" : " does not exist"));
        }
        try (Stream<Path> entries = Files.list(dir)) {
            Map<Path, FileStamp> files = new LinkedHashMap<>();
            entries.map(p -> p.toAbsolutePath().normalize())
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> !isArchiveOfJar(p))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .forEach(p -> {
                        FileStamp stamp = FileStamp.of(p);
                        if (stamp != null) {
                            files.put(p, stamp);
                        }
                    });
            return files;
        } catch (IOException | RuntimeException e) {
            throw new PluginException(dir.toString(), "cannot read plugin directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code file} is {@code x.jsa} with a file {@code x.jar} beside it: not a plugin, its archive. */
    static boolean isArchiveOfJar(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(JarCommand.ARCHIVE_SUFFIX)) {
            return false;
        }
        String base = name.substring(0, name.length() - JarCommand.ARCHIVE_SUFFIX.length());
        return Files.exists(file.resolveSibling(base + ".jar"));
    }

    static String nameOf(Path file) {
        String fileName = file.getFileName().toString();
        return fileName.toLowerCase(Locale.ROOT).endsWith(".jar") ? fileName.substring(0, fileName.length() - 4)
                : fileName;
    }
}
