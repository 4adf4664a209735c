package io.halkyon.plugin.host.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.halkyon.plugin.host.PluginClientConfig;
import io.halkyon.plugin.host.PluginNetwork;
import io.halkyon.plugin.host.PluginUser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a jar plugin runs from, and with which archive. */
class JarCommandTest {

    @TempDir
    Path dir;

    @Test
    void aJarRunsThroughItsLinkInThePrivateDirectoryWithItsArchive() throws Exception {
        Path jar = Files.writeString(dir.resolve("p.jar"), "not read: no manifest");
        Files.writeString(JarCommand.archiveOf(jar), "archive");
        Path privateDir = Files.createDirectory(dir.resolve("private"));

        JarCommand command = JarCommand.of(PluginClientConfig.builder().executable(jar).build(), jar, false, privateDir);

        assertThat(command.workingDirectory()).isEqualTo(privateDir);
        assertThat(privateDir.resolve(JarCommand.JAR_LINK)).isSymbolicLink();
        assertThat(command.command()).contains("-XX:SharedArchiveFile=" + JarCommand.archiveOf(jar))
                .endsWith("-jar", JarCommand.JAR_LINK);
    }

    @Test
    void aJarRunAsAnotherUserRunsByItsPathWithoutTheLinkTheUserCouldNotReach() throws Exception {
        Path jar = Files.writeString(dir.resolve("p.jar"), "not read: no manifest");
        Files.writeString(JarCommand.archiveOf(jar), "archive");
        Path privateDir = Files.createDirectory(dir.resolve("private"));
        PluginClientConfig config = PluginClientConfig.builder().executable(jar).network(PluginNetwork.TCP)
                .runAs(new PluginUser(65534, 65534)).build();

        JarCommand command = JarCommand.of(config, jar, false, privateDir);

        assertThat(JarCommand.linksJar(config, false)).isFalse();
        assertThat(command.workingDirectory()).isEqualTo(dir);
        assertThat(privateDir.resolve(JarCommand.JAR_LINK)).doesNotExist();
        assertThat(command.command()).noneMatch(o -> o.startsWith("-XX:SharedArchiveFile"))
                .endsWith("-jar", jar.toAbsolutePath().toString());
    }
}
