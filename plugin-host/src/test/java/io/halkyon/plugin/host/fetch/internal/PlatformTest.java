package io.halkyon.plugin.host.fetch.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code {arch}}: the JVM's os.arch written as Go's GOARCH. */
class PlatformTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"amd64, amd64", "x86_64, amd64", "aarch64, arm64", "arm64, arm64", "x86, 386", "i386, 386",
            "i686, 386", "arm, arm", "armv7l, arm", "ppc64le, ppc64le", "s390x, s390x", "riscv64, riscv64",
            "loongarch64, loong64", "mips64el, mips64le", "AMD64, amd64"})
    void jvmArchitecturesAreWrittenAsGoNamesThem(String osArch, String goArch) {
        assertThat(Platform.goArch(osArch)).isEqualTo(goArch);
    }
}
