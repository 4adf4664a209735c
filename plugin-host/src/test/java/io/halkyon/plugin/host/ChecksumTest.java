package io.halkyon.plugin.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.halkyon.plugin.api.PluginChecksumException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** go-plugin's SecureConfig without its race: the host runs a private copy of what it hashed. */
@ExtendWith(NoChildProcessesExtension.class)
class ChecksumTest {

    private static final Path TMP = Path.of(System.getProperty("java.io.tmpdir"));

    @Test
    void aPinnedDigestRunsThePrivateCopyOfWhatWasHashedAndRemovesItAfterwards(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("ran-as");
        Path plugin = script(dir, "#!/bin/sh\necho \"$0\" > '" + marker + "'\n" + Scenarios.script("good")
                .substring("#!/bin/sh\n".length()));
        List<Path> before = execDirs();
        PluginClientConfig config = Scenarios.config("good").executable(plugin).sha256(sha256(plugin)).build();
        try (PluginClient client = PluginClient.start(config)) {
            Path ranAs = Path.of(Files.readString(marker).strip());
            assertThat(ranAs).as("the copy runs, not the file").isNotEqualTo(plugin);
            assertThat(ranAs.getParent().getFileName().toString()).startsWith("hk-exec");
            assertThat(Files.getPosixFilePermissions(ranAs.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx--x--x"));
            // Whatever happens to the file now, the process runs the bytes that were hashed.
            Files.writeString(plugin, "#!/bin/sh\nexit 66\n");
            assertThat(Files.readString(ranAs)).contains("echo \"$0\"");
            assertThat(CapabilityPlugins.dispense(client).checkValidity(PluginCallsTest.capability("sum"))).isEmpty();
        }
        assertThat(execDirs()).as("the copy is removed with the process").isEqualTo(before);
    }

    @Test
    void aFileWithAnotherDigestIsNotRunAndNothingIsLeft(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("ran");
        Path plugin = script(dir, "#!/bin/sh\ntouch '" + marker + "'\n" + Scenarios.script("good")
                .substring("#!/bin/sh\n".length()));
        String expected = "0".repeat(64);
        List<Path> before = execDirs();
        PluginClientConfig config = Scenarios.config("good").executable(plugin).sha256(expected).build();
        assertThatThrownBy(() -> PluginClient.start(config))
                .isInstanceOfSatisfying(PluginChecksumException.class, e -> {
                    assertThat(e.expectedSha256()).isEqualTo(expected);
                    assertThat(e.actualSha256()).isEqualTo(sha256Unchecked(plugin));
                })
                .hasMessage("plugin '" + config.name() + "': " + plugin + " does not have the pinned SHA-256: expected "
                        + expected + ", the file has " + sha256Unchecked(plugin) + "; not running it");
        assertThat(marker).as("nothing ran").doesNotExist();
        assertThat(execDirs()).isEqualTo(before);
    }

    @Test
    void theDigestNeedsTheFileItPins() {
        assertThatThrownBy(() -> PluginClientConfig.builder().command(List.of("/bin/true")).sha256("ab".repeat(32))
                .build()).hasMessageContaining("sha256").hasMessageContaining("needs executable(Path)");
        assertThatThrownBy(() -> PluginClientConfig.builder().executable(Path.of("/bin/true")).sha256("xyz").build())
                .hasMessageContaining("sha256").hasMessageContaining("64 hexadecimal digits");
        PluginClientConfig template = PluginClientConfig.builder().sha256("ab".repeat(32)).build();
        assertThatThrownBy(() -> new PluginManager(template)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sha256 pins one file");
    }

    private static Path script(Path dir, String text) throws IOException {
        Path plugin = dir.resolve("plugin.sh");
        Files.writeString(plugin, text);
        Files.setPosixFilePermissions(plugin, PosixFilePermissions.fromString("rwx------"));
        return plugin;
    }

    private static List<Path> execDirs() throws IOException {
        try (Stream<Path> entries = Files.list(TMP)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("hk-exec")).sorted().toList();
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static String sha256Unchecked(Path file) {
        try {
            return sha256(file);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
