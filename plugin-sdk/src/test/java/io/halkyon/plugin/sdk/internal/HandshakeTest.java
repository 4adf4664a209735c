package io.halkyon.plugin.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HandshakeTest {

    @Test
    void lineHasGoPluginsSixFieldsAndANewline() {
        assertThat(Handshake.line(1, "unix", "/tmp/plugin1/plugin.sock", ""))
                .isEqualTo("1|1|unix|/tmp/plugin1/plugin.sock|grpc|\n");
        assertThat(Handshake.line(2, "tcp", "127.0.0.1:10001", "")).isEqualTo("1|2|tcp|127.0.0.1:10001|grpc|\n");
        assertThat(Handshake.line(2, "tcp", "127.0.0.1:10001", "MIIB")).isEqualTo("1|2|tcp|127.0.0.1:10001|grpc|MIIB\n");
    }

    @Test
    void cookieMustMatchExactly() {
        assertThat(Handshake.hasCookie(Map.of("K", "v"), "K", "v")).isTrue();
        assertThat(Handshake.hasCookie(Map.of("K", "v "), "K", "v")).isFalse();
        assertThat(Handshake.hasCookie(Map.of(), "K", "v")).isFalse();
    }
}
