package io.halkyon.plugin.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.host.internal.LinuxCalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What a plugin process cannot reach: the host's environment through /proc, its capabilities, its user's files. */
@ExtendWith(NoChildProcessesExtension.class)
class ConfinementTest {

    @Test
    void aPluginCannotReadItsHostsEnvironmentThroughProc() {
        try (PluginClient client = PluginClient.start(Scenarios.config("peek").build())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> client.recentStderr().stream()
                    .anyMatch(l -> l.contains("peek own environ")));

            assertThat(ProcessContainment.harden().nonDumpable()).isTrue();
            assertThat(client.recentStderr()).anyMatch(l -> l.contains("peek host environ: denied"))
                    .as("the plugin can read /proc environ files at all: its own")
                    .anyMatch(l -> l.contains("peek own environ: readable"));
        }
    }

    @Test
    void aPluginOfARootHostHasNoCapabilities(@TempDir Path dir) throws Exception {
        assumeThat(LinuxCalls.effectiveUid()).as("the host runs as root").isZero();
        Path plugin = script(dir, "caps", "grep CapEff /proc/self/status >&2; exit 3");

        assertThatThrownBy(() -> PluginClient.start(PluginClientConfig.builder().executable(plugin).build()))
                .isInstanceOf(PluginException.class).hasMessageContaining("CapEff:\t0000000000000000");
    }

    @Test
    void aPluginRunAsAnotherUserCannotReadTheHostsPrivateFiles(@TempDir Path dir) throws Exception {
        assumeThat(LinuxCalls.effectiveUid()).as("the host runs as root (CAP_SETUID)").isZero();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path token = Files.writeString(dir.resolve("token"), "operator-token");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        Path plugin = script(dir, "as-nobody", "echo \"uid=$(id -u) gid=$(id -g)\" >&2; cat '" + token
                + "' >&2 || echo 'token: no' >&2; exit 3");

        assertThatThrownBy(() -> PluginClient.start(PluginClientConfig.builder().executable(plugin)
                .network(PluginNetwork.TCP).runAs(PluginUser.parse("65534:65534")).build()))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("uid=65534 gid=65534")
                .hasMessageContaining("Permission denied")
                .hasMessageContaining("token: no")
                .hasMessageNotContaining("operator-token");
    }

    @Test
    void runAsNeedsTcpAndAValidUser() {
        assertThatThrownBy(() -> PluginClientConfig.builder().command(List.of("/bin/p"))
                .runAs(new PluginUser(1000, 1000)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("runAs")
                .hasMessageContaining("needs network TCP");
        assertThat(PluginUser.parse("1000")).isEqualTo(new PluginUser(1000, 1000));
        assertThat(PluginUser.parse("1000:2000")).isEqualTo(new PluginUser(1000, 2000));
        assertThatThrownBy(() -> PluginUser.parse("nobody")).hasMessage(
                "plugin user 'nobody': expected UID or UID:GID, as numbers");
        assertThatThrownBy(() -> PluginUser.parse("-1")).hasMessageContaining("0 or more");
    }

    private static Path script(Path dir, String name, String body) throws Exception {
        Path file = Files.writeString(dir.resolve(name), "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
