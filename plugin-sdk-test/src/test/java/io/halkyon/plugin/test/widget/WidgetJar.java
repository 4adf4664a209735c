package io.halkyon.plugin.test.widget;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The widget plugin as a runnable jar, as a plugin author ships one: a manifest naming
 * {@link WidgetPlugin} and, instead of shaded classes, the test classpath on its Class-Path.
 */
public final class WidgetJar {

    private WidgetJar() {
    }

    /** Writes {@code target/it-plugins/widget-plugin.jar} (afresh) and returns it. */
    public static Path write() {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, WidgetPlugin.class.getName());
        main.put(Attributes.Name.CLASS_PATH, Arrays.stream(System.getProperty("java.class.path").split(":"))
                .map(Path::of).map(p -> p.toAbsolutePath().toUri().toString()).collect(Collectors.joining(" ")));
        try {
            Path jar = Files.createDirectories(Path.of("target", "it-plugins")).resolve("widget-plugin.jar");
            try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
                out.flush();
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
