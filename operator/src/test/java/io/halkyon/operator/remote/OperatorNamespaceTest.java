package io.halkyon.operator.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorNamespaceTest {

    @TempDir
    Path dir;

    @Test
    void theEnvironmentVariableComesFirst() throws IOException {
        Path file = Files.writeString(dir.resolve("namespace"), "from-file");

        assertThat(OperatorNamespace.resolve(" from-env\n", file)).isEqualTo("from-env");
    }

    @Test
    void withoutTheVariableTheInClusterFileSays() throws IOException {
        Path file = Files.writeString(dir.resolve("namespace"), "halkyon\n");

        assertThat(OperatorNamespace.resolve(null, file)).isEqualTo("halkyon");
        assertThat(OperatorNamespace.resolve("  ", file)).isEqualTo("halkyon");
    }

    @Test
    void withNeitherOrAnEmptyFileItIsDefault() throws IOException {
        assertThat(OperatorNamespace.resolve(null, dir.resolve("missing"))).isEqualTo("default");
        assertThat(OperatorNamespace.resolve(null, Files.writeString(dir.resolve("empty"), " \n"))).isEqualTo("default");
    }
}
