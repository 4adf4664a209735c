package io.halkyon.operator.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.halkyon.operator.testplugin.TestPlugin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/** Puts plugins into a plugins directory: the example postgres jar, or a test plugin as an executable script. */
public final class TestPlugins {

    private TestPlugins() {
    }

    /** The example plugin jar the build copied into target/plugins. */
    public static Path postgresJar() {
        String property = System.getProperty("postgres.plugin.jar");
        assertThat(property).as("system property postgres.plugin.jar (set by the failsafe configuration)").isNotBlank();
        Path jar = Path.of(property);
        assertThat(jar).as("the example plugin copied by the build").isRegularFile();
        return jar;
    }

    /** Copies the postgres plugin into {@code dir} as {@code postgres-capability.jar}, atomically. */
    public static Path addPostgres(Path dir) throws IOException {
        return atomicCopy(postgresJar(), dir.resolve("postgres-capability.jar"));
    }

    /**
     * Writes an executable script running {@link TestPlugin} in {@code mode}, with {@code args}
     * after it, with the test classpath: {@code <dir>/test-<mode>}, replacing (a new file) any
     * earlier one.
     */
    public static Path addTestPlugin(Path dir, String mode, String... args) throws IOException {
        StringBuilder script = new StringBuilder("#!/bin/sh\n# written at " + System.nanoTime() + "\nexec");
        List<String> command = command(mode);
        command.addAll(List.of(args));
        for (String part : command) {
            script.append(" '").append(part.replace("'", "'\\''")).append('\'');
        }
        script.append('\n');
        Path tmp = dir.resolve(".test-" + mode + ".tmp");
        Files.writeString(tmp, script);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        return Files.move(tmp, dir.resolve("test-" + mode), StandardCopyOption.ATOMIC_MOVE);
    }

    private static Path atomicCopy(Path from, Path to) throws IOException {
        Path tmp = to.resolveSibling("." + to.getFileName() + ".tmp");
        Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
        return Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<String> command(String mode) {
        return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-cp", pluginClasspath(), TestPlugin.class.getName(), mode));
    }

    /**
     * The test classpath as a plugin jar would have it: the SDK's JSON log provider instead of the
     * tests' logback (built by the pom, which keeps the provider off the tests' own classpath).
     */
    private static String pluginClasspath() {
        String classpath = System.getProperty("test.plugin.classpath");
        assertThat(classpath).as("system property test.plugin.classpath (set by operator/pom.xml's surefire and"
                + " failsafe configurations)").isNotBlank().doesNotContain("${");
        return classpath;
    }
}
