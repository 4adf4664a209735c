package io.halkyon.plugin.proto.internal.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.halkyon.plugin.proto.goplugin.ConnInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConnInfoCheckTest {

    @ParameterizedTest
    @CsvSource({
            "unix, /tmp/plugin123/plugin.sock",
            "tcp, 127.0.0.1:10000",
            "tcp, localhost:1",
            "tcp, [::1]:65535",
    })
    void accepts(String network, String address) {
        assertThat(ConnInfoCheck.problem(info(network, address))).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "udp  | 127.0.0.1:53            | network 'udp' is neither unix nor tcp",
            "''   | ''                      | network '' is neither unix nor tcp",
            "unixgram | /tmp/x.sock         | network 'unixgram' is neither unix nor tcp",
            "tcp  | 10.0.0.1:80             | tcp address '10.0.0.1:80' is not on loopback",
            "tcp  | 127.0.0.2:80            | is not on loopback",
            "tcp  | ::1:80                  | is not on loopback",
            "tcp  | 0.0.0.0:80              | is not on loopback",
            "tcp  | 127.0.0.1               | tcp address '127.0.0.1' is not host:port",
            "tcp  | :80                     | is not host:port",
            "tcp  | 127.0.0.1:0             | has no valid port",
            "tcp  | 127.0.0.1:65536         | has no valid port",
            "tcp  | 127.0.0.1:+80           | has no valid port",
            "tcp  | 127.0.0.1:              | has no valid port",
            "tcp  | localhost:0000080       | has no valid port",
            "unix | plugin.sock             | unix socket path 'plugin.sock' is not absolute",
            "unix | ''                      | unix socket path '' is not absolute",
    })
    void rejects(String network, String address, String problem) {
        assertThat(ConnInfoCheck.problem(info(network, address))).contains(problem);
    }

    @ParameterizedTest
    @ValueSource(ints = {108, 200, 512})
    void rejectsUnixPathsLongerThanSunPath(int length) {
        assertThat(ConnInfoCheck.problem(info("unix", "/" + "p".repeat(length - 1))))
                .isEqualTo("unix socket path is " + length + " bytes long (at most 107)");
    }

    @ParameterizedTest
    @ValueSource(ints = {513, 1 << 20})
    void rejectsHugeAddressesWhateverTheNetwork(int length) {
        assertThat(ConnInfoCheck.problem(info("tcp", "1".repeat(length))))
                .isEqualTo("address is " + length + " characters long (at most 512)");
    }

    @org.junit.jupiter.api.Test
    void rejectsNulAndQuotesSafely() {
        assertThat(ConnInfoCheck.problem(info("unix", "/tmp/a\0b"))).isEqualTo("address '/tmp/a\\u0000b' contains control characters");
        assertThat(ConnInfoCheck.quote("x".repeat(100))).endsWith("'... (100 characters)").hasSize(66 + 20);
        assertThat(ConnInfoCheck.problem(ConnInfo.newBuilder().setKnock(ConnInfo.Knock.newBuilder().setKnock(true))
                .build())).contains("knock");
    }

    private static ConnInfo info(String network, String address) {
        return ConnInfo.newBuilder().setServiceId(1).setNetwork(network).setAddress(address).build();
    }
}
