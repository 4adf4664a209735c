package io.halkyon.examples.kv;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds the Go programs of the example (go-kv-plugin, go-kv-host, go-counter-plugin,
 * go-counter-host) once per JVM with {@code build.sh}. Without Debian's Go packages the tests
 * that need them are skipped, saying what is missing, unless {@code HALKYON_REQUIRE_GO_INTEROP=1}
 * (set by {@code .ci/run}) makes that a failure.
 */
final class GoToolchain {

    private static final List<String> REQUIRED = List.of("/usr/bin/go", "/usr/bin/protoc", "/usr/bin/protoc-gen-go",
            "/usr/share/gocode/src/github.com/hashicorp/go-plugin", "/usr/share/gocode/src/google.golang.org/grpc");

    private static Path built;

    private GoToolchain() {
    }

    /** The Go program {@code name}, after building them all on first use. */
    static Path binary(String name) {
        return binaries().resolve(name);
    }

    static synchronized Path binaries() {
        if (built != null) {
            return built;
        }
        List<String> missing = REQUIRED.stream().filter(p -> !Files.exists(Path.of(p))).toList();
        if (!missing.isEmpty()) {
            String message = "go-plugin interop needs Debian's golang-go, golang-github-hashicorp-go-plugin-dev, "
                    + "golang-google-grpc-dev, golang-goprotobuf-dev and protobuf-compiler (bash .ci/run installs them);"
                    + " missing: " + missing;
            if ("1".equals(System.getenv("HALKYON_REQUIRE_GO_INTEROP"))) {
                fail(message);
            }
            assumeTrue(false, message);
        }
        Path out = Path.of(System.getProperty("go.build.dir"));
        try {
            Process build = new ProcessBuilder("bash", System.getProperty("go.build.script"), out.toString())
                    .redirectErrorStream(true)
                    .start();
            build.getOutputStream().close();
            String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!build.waitFor(5, TimeUnit.MINUTES) || build.exitValue() != 0) {
                build.destroyForcibly();
                fail("build.sh failed:\n" + output);
            }
        } catch (IOException e) {
            fail("cannot run build.sh: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while building the Go programs");
        }
        built = out;
        return built;
    }
}
