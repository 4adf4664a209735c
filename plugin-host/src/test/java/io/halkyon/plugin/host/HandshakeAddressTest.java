package io.halkyon.plugin.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.halkyon.plugin.api.PluginHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The host dials only where a plugin may listen, whatever its handshake line says. */
@ExtendWith(NoChildProcessesExtension.class)
class HandshakeAddressTest {

    @Test
    void aTcpPortOutsideTheOfferedRangeIsRefused() {
        PluginClientConfig config = Scenarios.config("tcp-port", "20011").portRange(20000, 20010).build();
        assertThatThrownBy(() -> PluginClient.start(config))
                .isInstanceOf(PluginHandshakeException.class)
                .hasMessage("plugin '" + config.name() + "' printed a handshake for tcp 127.0.0.1:20011, where the"
                        + " host does not dial: port 20011 is outside the range the host offered, 20000..20010"
                        + " (PLUGIN_MIN_PORT..PLUGIN_MAX_PORT)");
    }

    @Test
    void aSocketOutsideTheHostsDirectoryThatOthersMayWriteIsRefused() {
        PluginClientConfig config = Scenarios.config("unix-writable").build();
        assertThatThrownBy(() -> PluginClient.start(config))
                .isInstanceOf(PluginHandshakeException.class)
                .hasMessageStartingWith("plugin '" + config.name() + "' printed a handshake for unix ")
                .hasMessageEndingWith(", where the host does not dial: the socket outside the directory the host"
                        + " gave it (PLUGIN_UNIX_SOCKET_DIR) is writable by other users");
    }

    @Test
    void aLinkInTheHostsDirectoryToAnotherSocketIsRefused(@TempDir Path dir) {
        Path elsewhere = dir.resolve("someone-elses.sock");
        PluginClientConfig config = Scenarios.config("unix-link", elsewhere.toString()).build();
        assertThatThrownBy(() -> PluginClient.start(config))
                .isInstanceOf(PluginHandshakeException.class)
                .hasMessageEndingWith("is writable by other users");
        assertThat(Files.exists(elsewhere)).as("the host never deletes what the link points to").isTrue();
    }
}
