package io.halkyon.plugin.host.fetch.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** NO_PROXY entries matched as Go's httpproxy matches them. */
class NoProxyTest {

    @ParameterizedTest(name = "NO_PROXY=[{0}] {1}:{2} direct={3}")
    @CsvSource(delimiter = '|', value = {
            // exact host, and names under it
            "example.com                | example.com          | 443  | true",
            "example.com                | a.b.example.com      | 443  | true",
            "example.com                | badexample.com       | 443  | false",
            "example.com                | example.com.evil.net | 443  | false",
            // .suffix and *.suffix: names under it only (curl would also match example.com)
            ".example.com               | a.example.com        | 443  | true",
            ".example.com               | example.com          | 443  | false",
            "*.example.com              | a.example.com        | 443  | true",
            "*.example.com              | example.com          | 443  | false",
            // everything
            "*                          | anything.net         | 8443 | true",
            "'other.net, *'             | anything.net         | 443  | true",
            // host:port entries apply to that port only
            "example.com:8443           | example.com          | 8443 | true",
            "example.com:8443           | example.com          | 443  | false",
            "10.0.0.1:443               | 10.0.0.1             | 443  | true",
            "10.0.0.1:443               | 10.0.0.1             | 80   | false",
            "[fd00::1]:443              | [fd00::1]            | 443  | true",
            // IP literals: exact, as written in the URL; names are not resolved
            "10.0.0.1                   | 10.0.0.1             | 443  | true",
            "10.0.0.1                   | 10.0.0.2             | 443  | false",
            "fd00::1                    | [fd00::1]            | 443  | true",
            "[fd00::1]                  | [FD00:0::1]          | 443  | true",
            "fd00::1                    | [fd00::2]            | 443  | false",
            "10.0.0.1                   | ten.example          | 443  | false",
            // CIDR blocks
            "10.0.0.0/8                 | 10.20.30.40          | 443  | true",
            "10.0.0.0/8                 | 11.0.0.1             | 443  | false",
            "fd00::/8                   | [fd12::1]            | 443  | true",
            "10.0.0.0/8                 | [fd12::1]            | 443  | false",
            // case, spaces, empty entries, trailing dots
            "' Example.COM ,, '         | API.example.com      | 443  | true",
            "example.com.               | example.com          | 443  | true",
            "example.com                | example.com.         | 443  | true",
            // entries that can match nothing are ignored, not an error
            "'example.com:http, 999.1.1.1, 10.0.0.0/99, .' | example.com | 443 | false",
            "''                         | example.com          | 443  | false"})
    void entriesMatchAsGoMatchesThem(String noProxy, String host, int port, boolean direct) {
        assertThat(NoProxy.parse(noProxy).bypasses(host, port)).isEqualTo(direct);
    }

    @ParameterizedTest(name = "{0} loopback={1}")
    @CsvSource({"127.0.0.1, true", "127.1.2.3, true", "[::1], true", "::1, true", "10.0.0.1, false",
            "localhost, false", "127.evil.example, false", "[fd00::1], false"})
    void loopbackLiteralsAreRecognisedWithoutResolvingNames(String host, boolean loopback) {
        assertThat(NoProxy.loopbackLiteral(host)).isEqualTo(loopback);
    }
}
