package io.halkyon.plugin.sdk.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.halkyon.plugin.api.PluginException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenSourceTest {

    @TempDir
    Path dir;

    @Test
    void aTokenFileIsReadAgainAtEveryReadWithoutItsNewline() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "eyJ.first.sig\n");
        TokenSource tokens = TokenSource.file(file);

        assertThat(tokens.read("p")).isEqualTo("eyJ.first.sig");
        Files.writeString(file, "eyJ.second.sig");
        assertThat(tokens.read("p")).isEqualTo("eyJ.second.sig");
    }

    @Test
    void aFileThatHoldsNoTokenIsRefusedNamingItButNeverQuotingIt() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        Path spaced = Files.writeString(dir.resolve("spaced"), "not a token");
        Path huge = Files.write(dir.resolve("huge"), new byte[TokenSource.MAX_TOKEN_BYTES + 1]);

        assertThatThrownBy(() -> TokenSource.file(empty).read("p")).isInstanceOf(PluginException.class)
                .hasMessage("remote plugin 'p': the token in " + empty + " is empty");
        assertThatThrownBy(() -> TokenSource.file(spaced).read("p")).hasMessageContaining(spaced.toString())
                .hasMessageNotContaining("not a token");
        assertThatThrownBy(() -> TokenSource.file(huge).read("p")).hasMessageContaining("larger than 65536 bytes");
        assertThatThrownBy(() -> TokenSource.file(dir.resolve("missing")).read("p"))
                .hasMessageStartingWith("remote plugin 'p': no token file " + dir.resolve("missing"));
    }

    @Test
    void describingNeverShowsTheToken() {
        assertThat(TokenSource.fixed("s3cr3t").describe()).isEqualTo("a static token");
        assertThat(TokenSource.none().read("p")).isNull();
        assertThat(TokenSource.file(Path.of("/t")).describe()).isEqualTo("token file /t");
    }
}
