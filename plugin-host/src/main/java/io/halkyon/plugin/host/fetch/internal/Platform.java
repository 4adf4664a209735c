package io.halkyon.plugin.host.fetch.internal;

import java.util.Locale;
import java.util.Map;

/**
 * The value of {@code {arch}} in a release URL template: the JVM's {@code os.arch} written as
 * Go's {@code GOARCH} names it, since release assets of go-plugin style projects are named that
 * way ({@code _linux_amd64.tar.gz}). The mapping, the only place it is written:
 * {@code amd64}, {@code x86_64} to {@code amd64}; {@code aarch64}, {@code arm64} to
 * {@code arm64}; {@code x86}, {@code i386} to {@code i686} to {@code 386}; {@code arm*} to
 * {@code arm}; {@code loongarch64} to {@code loong64}; {@code mipsel} to {@code mipsle},
 * {@code mips64el} to {@code mips64le}; anything else ({@code ppc64le}, {@code s390x},
 * {@code riscv64}...) lowercased as it is.
 */
public final class Platform {

    private static final Map<String, String> GO_NAMES = Map.ofEntries(
            Map.entry("x86_64", "amd64"), Map.entry("amd64", "amd64"),
            Map.entry("aarch64", "arm64"), Map.entry("arm64", "arm64"),
            Map.entry("x86", "386"), Map.entry("i386", "386"), Map.entry("i486", "386"), Map.entry("i586", "386"),
            Map.entry("i686", "386"),
            Map.entry("loongarch64", "loong64"), Map.entry("mipsel", "mipsle"), Map.entry("mips64el", "mips64le"));

    private Platform() {
    }

    /** {@code osArch} (a value of the {@code os.arch} system property) as Go names it. */
    public static String goArch(String osArch) {
        String arch = osArch == null ? "" : osArch.trim().toLowerCase(Locale.ROOT);
        String go = GO_NAMES.get(arch);
        if (go != null) {
            return go;
        }
        return arch.startsWith("arm") ? "arm" : arch;
    }

    /** This JVM's architecture as Go names it. */
    public static String goArch() {
        return goArch(System.getProperty("os.arch"));
    }
}
