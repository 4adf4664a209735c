package io.halkyon.plugin.host.internal;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the running JVM's {@code java} launcher, used to run {@code .jar} plugins. */
public final class JavaRuntime {

    private JavaRuntime() {
    }

    /** {@code java.home/bin/java} when it exists, else this process's own command, else {@code java}. */
    public static String javaExecutable() {
        Path fromHome = Path.of(System.getProperty("java.home"), "bin", "java");
        if (Files.isExecutable(fromHome)) {
            return fromHome.toString();
        }
        return ProcessHandle.current().info().command()
                .filter(c -> Path.of(c).getFileName().toString().startsWith("java"))
                .orElse("java");
    }
}
