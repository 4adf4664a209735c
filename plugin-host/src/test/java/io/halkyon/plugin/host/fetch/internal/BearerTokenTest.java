package io.halkyon.plugin.host.fetch.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.halkyon.plugin.host.fetch.PluginFetchConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the token may go, and token files that are not one token. */
class BearerTokenTest {

    @TempDir
    Path tmp;

    private BearerToken token(Path file, String... hosts) {
        return new BearerToken(PluginFetchConfig.builder().tokenFile(file).tokenHosts(Set.of(hosts)).build());
    }

    @Test
    void plainHttpToANonLoopbackHostIsRefusedBeforeTheTokenIsRead() throws Exception {
        Path file = Files.writeString(tmp.resolve("token"), "secret-token");
        URI uri = URI.create("http://plugins.example/p.jar");

        assertThatThrownBy(() -> token(file, "plugins.example").header("ref", uri, uri, uri))
                .isInstanceOf(FetchFailure.class)
                .hasMessage("plugin reference 'ref': GET http://plugins.example/p.jar refused: the token of " + file
                        + " is sent only over https:// (plain http:// only to loopback)");
        URI https = URI.create("https://plugins.example/p.jar");
        assertThat(token(file, "plugins.example").header("ref", https, https, https)).contains("Bearer secret-token");
        assertThat(token(file, "PLUGINS.example").header("ref", https, https, https)).as("hosts ignore case")
                .contains("Bearer secret-token");
    }

    @Test
    void aFileThatIsNotOneTokenIsRefusedNamingItWithoutQuotingIt() throws Exception {
        URI uri = URI.create("https://plugins.example/p.jar");
        Path twoLines = Files.writeString(tmp.resolve("two"), "secret-token\nHost: evil");
        Path huge = Files.writeString(tmp.resolve("huge"), "x".repeat(BearerToken.MAX_BYTES + 1));

        assertThatThrownBy(() -> token(twoLines, "plugins.example").header("ref", uri, uri, uri))
                .hasMessage("plugin reference 'ref': the token file " + twoLines + " holds spaces, line breaks or"
                        + " characters other than printable ASCII; it must hold the token alone")
                .hasMessageNotContaining("secret-token");
        assertThatThrownBy(() -> token(huge, "plugins.example").header("ref", uri, uri, uri))
                .hasMessage("plugin reference 'ref': the token file " + huge + " is larger than 16 KiB; it must hold"
                        + " the token alone");
    }

    @Test
    void theTokenHostsDefaultToTheReleaseTemplatesHostAndMustBeGivenWhenItHasNone() {
        Path file = tmp.resolve("token");
        assertThat(PluginFetchConfig.builder().tokenFile(file).build().tokenHosts()).containsExactly("github.com");
        assertThat(PluginFetchConfig.builder().build().tokenHosts()).as("no token file, no host").isEmpty();
        assertThat(PluginFetchConfig.builder().tokenFile(file).build().toBuilder()
                .releaseUrlTemplate("https://mirror.example/{owner}/{repo}/{tag}/p.jar").build().tokenHosts())
                .as("a default, not copied as if given").containsExactly("mirror.example");
        assertThatThrownBy(() -> PluginFetchConfig.builder().tokenFile(file)
                .releaseUrlTemplate("https://{owner}.example/{repo}/{tag}/p.jar").build())
                .hasMessageStartingWith("PluginFetchConfig.tokenHosts must be given with tokenFile when the"
                        + " releaseUrlTemplate has no fixed host");
        assertThatThrownBy(() -> PluginFetchConfig.builder().tokenHosts(Set.of("github.com:443")).build())
                .hasMessageStartingWith("PluginFetchConfig.tokenHosts must be host names or IP literals");
    }
}
