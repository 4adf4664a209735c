package io.halkyon.plugin.host.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.halkyon.plugin.api.PluginHandshakeException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HandshakeTest {

    private static final List<Integer> OFFERED = List.of(1, 2);

    @Test
    void parsesUnixLine() {
        Handshake h = Handshake.parse("p", "1|2|unix|/tmp/plugin1/plugin.sock|grpc|", OFFERED);
        assertThat(h).isEqualTo(new Handshake(2, "unix", "/tmp/plugin1/plugin.sock", "grpc", ""));
    }

    @Test
    void parsesTcpLineWithCarriageReturnAndNoCertField() {
        Handshake h = Handshake.parse("p", "1|1|tcp|127.0.0.1:12345|grpc\r", OFFERED);
        assertThat(h.network()).isEqualTo("tcp");
        assertThat(h.host()).isEqualTo("127.0.0.1");
        assertThat(h.port()).isEqualTo(12345);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1|1|unix|/s|grpc|", "2|x", " 1 |1|tcp|h:1|grpc|", "10|"})
    void linesStartingWithANumberAndAPipeHaveTheShape(String line) {
        assertThat(Handshake.hasShape(line)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "hello", "hello|world|1", "1", "v1|1|unix|/s|grpc|", "Picked up JAVA_TOOL_OPTIONS: -X",
        "{\"@level\":\"info\"}", "|1|unix|/s|grpc|"})
    void otherLinesAreStray(String line) {
        assertThat(Handshake.hasShape(line)).isFalse();
    }

    @Test
    void keepsTheCertificateFieldForTheTlsCheck() {
        Handshake h = Handshake.parse("p", "1|1|unix|/s|grpc|MIIBcert", OFFERED);
        assertThat(h.hasServerCert()).isTrue();
        assertThat(h.serverCert()).isEqualTo("MIIBcert");
    }

    @Test
    void anInvalidLineIsQuotedWithoutItsCertificate() {
        String cert = "M".repeat(600);
        assertThatThrownBy(() -> Handshake.parse("p", "1|9|unix|/s|grpc|" + cert, OFFERED))
                .hasMessageContaining("\"1|9|unix|/s|grpc|<certificate, 600 characters>\"")
                .hasMessageNotContaining(cert);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
        "2|1|unix|/s|grpc|; core protocol version 2 is not supported, expected 1",
        "1|3|unix|/s|grpc|; app protocol version 3 was not offered; the host offered [1, 2]",
        "1|1|udp|/s|grpc|; network 'udp' is not supported, expected unix or tcp",
        "1|1|unix|/s|netrpc|; protocol 'netrpc' is not supported: only grpc is supported",
        "1|1|unix|/s; protocol 'netrpc' is not supported: only grpc is supported",
        "1|1|unix; expected CORE|APP|NETWORK|ADDR|PROTOCOL|SERVERCERT, got 3 fields",
        "1|one|unix|/s|grpc|; app protocol version 'one' is not a number",
        "1|1|unix||grpc|; the address is empty",
        "1|1|tcp|localhost|grpc|; tcp address 'localhost' is not host:port",
        "1|1|tcp|127.0.0.1:99999|grpc|; tcp port 99999 is out of range",
        "1|1|tcp|10.0.0.1:80|grpc|; tcp address '10.0.0.1:80' is not on the loopback interface",
    })
    void rejectsInvalidLinesNamingPluginLineAndProblem(String line, String problem) {
        assertThatThrownBy(() -> Handshake.parse("my-plugin", line, OFFERED))
                .isInstanceOf(PluginHandshakeException.class)
                .hasMessageContaining("plugin 'my-plugin'")
                .hasMessageContaining("\"" + line + "\"")
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(((PluginHandshakeException) e).pluginName()).isEqualTo("my-plugin"));
    }
}
