package io.halkyon.plugin.sdk.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenWatchTest {

    @TempDir
    Path dir;

    @Test
    void itReportsANewTokenButNotTheOneInUseNorARefusedOneUntilTheFileChangesAgain() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "token-1\n");
        TokenWatch watch = new TokenWatch("p", TokenSource.file(file));

        assertThat(watch.changed("token-1")).as("the token in use").isNull();
        Files.writeString(file, "token-2");
        assertThat(watch.changed("token-1")).isEqualTo("token-2");

        watch.refused("token-2");
        assertThat(watch.changed("token-1")).as("refused: not tried again").isNull();
        Files.writeString(file, "token-3");
        assertThat(watch.changed("token-1")).isEqualTo("token-3");
    }

    @Test
    void aFileThatCannotBeReadIsNoChange() throws Exception {
        Path file = dir.resolve("token");
        TokenWatch watch = new TokenWatch("p", TokenSource.file(file));

        assertThat(watch.changed("token-1")).isNull();
        Files.writeString(file, " \n");
        assertThat(watch.changed("token-1")).as("an empty file holds no token").isNull();
        Files.writeString(file, "token-2");
        assertThat(watch.changed("token-1")).isEqualTo("token-2");
    }
}
