package io.halkyon.examples.gocapability;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds the Go plugins and the go-plugin test host once per JVM with {@code build.sh}.
 * Without Debian's Go packages the interop tests are skipped, saying what is missing,
 * unless {@code HALKYON_REQUIRE_GO_INTEROP=1} (set by {@code .ci/run}) makes that a failure.
 */
final class GoToolchain {

    private static final List<String> REQUIRED = List.of("/usr/bin/go", "/usr/bin/protoc", "/usr/bin/protoc-gen-go",
            "/usr/share/gocode/src/github.com/hashicorp/go-plugin", "/usr/share/gocode/src/google.golang.org/grpc");

    private static Path built;

    private GoToolchain() {
    }

    /** The directory holding {@code go-capability}, {@code go-remote-plugin} and {@code go-plugin-host}, built on first use. */
    static synchronized Path binaries() throws IOException, InterruptedException {
        if (built != null) {
            return built;
        }
        List<String> missing = REQUIRED.stream().filter(p -> !Files.exists(Path.of(p))).toList();
        if (!missing.isEmpty()) {
            String message = "go-plugin interop needs Debian's golang-go, golang-github-hashicorp-go-plugin-dev, "
                    + "golang-google-grpc-dev, golang-goprotobuf-dev and protobuf-compiler (bash .ci/run installs them); missing: "
                    + missing;
            if ("1".equals(System.getenv("HALKYON_REQUIRE_GO_INTEROP"))) {
                fail(message);
            }
            assumeTrue(false, message);
        }
        Path out = Path.of(System.getProperty("go.build.dir"));
        Process build = new ProcessBuilder("bash", System.getProperty("go.build.script"), out.toString())
                .redirectErrorStream(true)
                .start();
        build.getOutputStream().close();
        String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!build.waitFor(5, TimeUnit.MINUTES) || build.exitValue() != 0) {
            build.destroyForcibly();
            fail("build.sh failed:\n" + output);
        }
        built = out;
        return built;
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
