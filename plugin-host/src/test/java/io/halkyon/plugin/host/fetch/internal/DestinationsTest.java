package io.halkyon.plugin.host.fetch.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Plain http only to loopback, decided on the resolved addresses (the attack: a string prefix
 * let {@code 127.evil.example} pass), dialled at the address checked, and never reached by a
 * redirect from https. Names resolve through a table here, as DNS would answer an attacker.
 */
class DestinationsTest {

    private static final String REF = "acme/pg@v1";

    private final Destinations destinations = new Destinations(host -> {
        List<String> addresses = Map.of(
                "127.evil.example", List.of("203.0.113.7"),
                "plugins.test", List.of("127.0.0.1"),
                "split.test", List.of("127.0.0.1", "203.0.113.7"),
                "::1", List.of("::1"),
                "127.0.0.1", List.of("127.0.0.1")).get(host);
        if (addresses == null) {
            throw new UnknownHostException(host);
        }
        InetAddress[] resolved = new InetAddress[addresses.size()];
        for (int i = 0; i < resolved.length; i++) {
            resolved[i] = InetAddress.getByName(addresses.get(i)); // literals: no lookup
        }
        return resolved;
    });

    @Test
    void aNameThatLooksLikeLoopbackButResolvesElsewhereIsRefused() {
        assertThatThrownBy(() -> destinations.dial(REF, URI.create("http://127.evil.example:8080/p.jar"), null))
                .hasMessage("plugin reference 'acme/pg@v1': GET http://127.evil.example:8080/p.jar refused: plain"
                        + " http:// is fetched only from loopback addresses and '127.evil.example' resolves to"
                        + " [203.0.113.7]; use https://");
    }

    @Test
    void everyAddressMustBeLoopbackAndTheNameMustResolve() {
        assertThatThrownBy(() -> destinations.dial(REF, URI.create("http://split.test/p.jar"), null))
                .hasMessageContaining("'split.test' resolves to [127.0.0.1, 203.0.113.7]");
        assertThatThrownBy(() -> destinations.dial(REF, URI.create("http://nowhere.test/p.jar"), null))
                .hasMessageContaining("'nowhere.test' cannot be resolved");
    }

    @Test
    void aLoopbackNameIsDialledAtTheAddressThatWasCheckedSoItCannotResolveDifferentlyLater() {
        assertThat(destinations.dial(REF, URI.create("http://plugins.test:8080/a%20b/p.jar?x=1"), null))
                .isEqualTo(URI.create("http://127.0.0.1:8080/a%20b/p.jar?x=1"));
        assertThat(destinations.dial(REF, URI.create("http://[::1]:9/p.jar"), null))
                .isEqualTo(URI.create("http://[0:0:0:0:0:0:0:1]:9/p.jar"));
    }

    @Test
    void httpsGoesAnywhereUnresolvedButARedirectMayNotLeaveItForHttp() {
        URI https = URI.create("https://github.com/acme/pg/releases/download/v1/p.jar");
        assertThat(destinations.dial(REF, https, null)).isSameAs(https);
        assertThatThrownBy(() -> destinations.dial(REF, URI.create("http://127.0.0.1:10250/pods"), https))
                .hasMessage("plugin reference 'acme/pg@v1': the redirect from " + https + " to"
                        + " http://127.0.0.1:10250/pods refused: a redirect may not leave https:// for plain http://");
    }

    @Test
    void otherSchemesAndControlCharactersAreRefused() {
        URI from = URI.create("http://127.0.0.1/p.jar");
        assertThatThrownBy(() -> destinations.dial(REF, URI.create("file:/etc/passwd"), from))
                .hasMessageContaining("to file:/etc/passwd refused: only https:// (and http:// to loopback) is fetched");
        assertThatThrownBy(() -> destinations.dial(REF, URI.create("http://127.0.0.1/a%0Ab"), from))
                .hasMessageContaining("to http://127.0.0.1/a%0Ab refused: it holds control characters");
    }
}
