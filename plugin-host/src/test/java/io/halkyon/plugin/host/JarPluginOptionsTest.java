package io.halkyon.plugin.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.halkyon.plugin.host.internal.JarCommand;
import io.halkyon.plugin.host.internal.ManifestJavaOptions;
import io.halkyon.plugin.host.testplugin.JarMain;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code .jar} plugin really runs with the merged Java options (defaults, its manifest's within
 * the allowlist, the admin's last), and starts whatever its class data sharing archive: none, a
 * broken one, or one made by {@link JarClassArchive}.
 */
@ExtendWith(NoChildProcessesExtension.class)
class JarPluginOptionsTest {

    @TempDir
    Path dir;

    @Test
    void theJvmRunsWithTheManifestsAllowedOptionsUnderTheAdminsAndTheDisallowedOnesAreLoggedAndLeftOut()
            throws Exception {
        Path jar = jar("opts.jar", "-Xmx100m -XX:+UseG1GC -javaagent:/tmp/evil.jar");
        try (LogCapture log = new LogCapture(JarCommand.class.getName());
             PluginClient client = PluginClient.start(PluginClientConfig.builder().executable(jar)
                     .javaOptions(List.of("-XX:+UseParallelGC")).build())) {
            String options = javaOptionsLine(client);
            assertThat(options).contains("-Xmx100m", "-XX:+UseParallelGC", "-XX:TieredStopAtLevel=1", "-Xss512k")
                    .doesNotContain("-Xmx64m", "-XX:+UseSerialGC", "-XX:+UseG1GC", "-javaagent");
            assertThat(log.messages()).anySatisfy(m -> assertThat(m).contains("plugin 'opts'",
                    "ignoring Java option '-javaagent:/tmp/evil.jar'", ManifestJavaOptions.ATTRIBUTE));
        }
    }

    @Test
    void aBrokenArchiveIsIgnoredAndItsWarningStaysOffStdout() throws Exception {
        Path jar = jar("broken.jar", null);
        Files.writeString(JarCommand.archiveOf(jar), "not an archive");
        try (PluginClient client = PluginClient.start(PluginClientConfig.builder().executable(jar).build())) {
            assertThat(javaOptionsLine(client)).contains("-XX:SharedArchiveFile=" + JarCommand.archiveOf(jar));
            assertThat(client.kinds()).isNotEmpty();
        }
    }

    @Test
    void anArchiveMadeByJarClassArchiveIsUsedWhereverTheJarIsAndOneThatNoLongerMatchesIsIgnored() throws Exception {
        Path made = jar("cds.jar", null);
        Path archive = JarClassArchive.create(made);
        assertThat(archive).isEqualTo(dir.resolve("cds.jsa")).isNotEmptyFile();
        // Renamed, moved and copied with its times, the pair still goes together.
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path jar = Files.copy(made, elsewhere.resolve("renamed.jar"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(archive, elsewhere.resolve("renamed.jsa"), StandardCopyOption.COPY_ATTRIBUTES);
        Path classes = dir.resolve("classes.txt");
        PluginClientConfig config = PluginClientConfig.builder().executable(jar)
                .javaOptions(List.of("-Xlog:class+load=info:file=" + classes)).build();
        try (PluginClient client = PluginClient.start(config)) {
            assertThat(javaOptionsLine(client)).contains("-XX:SharedArchiveFile=" + elsewhere.resolve("renamed.jsa"));
        }
        assertThat(Files.readString(classes)).contains(JarMain.class.getName() + " source: shared objects file (top)");

        // The jar seems to change (another modification time): the JVM no longer maps the archive,
        // and the plugin still starts.
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(jar).toMillis() + 60_000));
        try (PluginClient client = PluginClient.start(config)) {
            assertThat(client.kinds()).isNotEmpty();
        }
        assertThat(Files.readString(classes)).doesNotContain("shared objects file (top)")
                .contains(JarMain.class.getName() + " source: file:");
    }

    @Test
    void aPinnedJarRunsWithoutTheArchiveItsDigestDoesNotCover() throws Exception {
        Path jar = jar("pinned.jar", null);
        Files.writeString(JarCommand.archiveOf(jar), "not covered by the digest");
        String sha256 = io.halkyon.plugin.host.fetch.internal.Digests.sha256(jar);
        try (PluginClient client = PluginClient.start(PluginClientConfig.builder().executable(jar).sha256(sha256)
                .build())) {
            assertThat(javaOptionsLine(client)).doesNotContain("SharedArchiveFile");
        }
    }

    @Test
    void theArchiveBesideAJarIsNotAPluginOfTheDirectory() throws Exception {
        Path jar = jar("x.jar", null);
        Files.writeString(dir.resolve("x.jsa"), "archive");
        Files.writeString(dir.resolve("y.jsa"), "no y.jar: a plugin file like any other");

        assertThat(PluginFiles.list(dir).keySet()).containsExactly(jar, dir.resolve("y.jsa"));
    }

    private static String javaOptionsLine(PluginClient client) {
        return client.recentStderr().stream().filter(l -> l.contains("java options")).findFirst().orElseThrow();
    }

    /**
     * A runnable jar of JarMain asking for {@code options} in its manifest: the test classpath's
     * directories copied in (class data sharing archives classes of jars only), its jars on the
     * manifest's Class-Path.
     */
    private Path jar(String name, String options) throws IOException {
        List<Path> classpath = Arrays.stream(System.getProperty("java.class.path").split(":")).map(Path::of).toList();
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, JarMain.class.getName());
        main.put(Attributes.Name.CLASS_PATH, classpath.stream().filter(Files::isRegularFile)
                .map(p -> p.toUri().toString()).collect(Collectors.joining(" ")));
        if (options != null) {
            main.put(new Attributes.Name(ManifestJavaOptions.ATTRIBUTE), options);
        }
        Path jar = dir.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            java.util.Set<String> written = new java.util.HashSet<>();
            for (Path root : classpath.stream().filter(Files::isDirectory).toList()) {
                try (java.util.stream.Stream<Path> files = Files.walk(root)) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        String entry = root.relativize(f).toString();
                        if (!entry.startsWith("META-INF/MANIFEST") && written.add(entry)) {
                            out.putNextEntry(new java.util.jar.JarEntry(entry));
                            Files.copy(f, out);
                            out.closeEntry();
                        }
                    }
                }
            }
        }
        return jar;
    }
}
