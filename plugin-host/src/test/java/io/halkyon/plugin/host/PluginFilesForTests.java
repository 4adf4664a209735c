package io.halkyon.plugin.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Writing plugin files into a test's plugin directory. */
final class PluginFilesForTests {

    private PluginFilesForTests() {
    }

    /** Written beside the directory's files under a dot-name, then renamed in: never seen half-written. */
    static Path install(Path dir, String name, String script) throws IOException {
        Path tmp = dir.resolve(".tmp-" + name);
        Files.writeString(tmp, script);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        return Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Removes a directory and what it holds. */
    static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static boolean running(long pid) {
        return ProcessHandle.of(pid).map(io.halkyon.plugin.host.internal.ProcessTree::isRunning).orElse(false);
    }
}
