package io.halkyon.examples.nodecapability;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The executable the build made ({@code build.sh bundle}, at package time). Without node and npm
 * the build skips it and so do these tests, saying why, unless {@code HALKYON_REQUIRE_NODE=1} (set
 * by {@code .ci/run}) makes that a failure.
 */
final class NodePlugin {

    private NodePlugin() {
    }

    static Path executable() {
        // Set by failsafe (the pom); the module's own target/ when run from elsewhere (an IDE).
        Path file = Path.of(System.getProperty("node.plugin.executable", "target/node-capability"));
        if (!Files.isExecutable(file)) {
            String message = "the Node.js plugin " + file + " was not built: node and npm are needed"
                    + " (bash .ci/node-deps installs Debian's nodejs and npm)";
            if ("1".equals(System.getenv("HALKYON_REQUIRE_NODE"))) {
                fail(message);
            }
            assumeTrue(false, message);
        }
        return file;
    }

    /** Whether the process is gone: not alive, or a zombie its new parent has not reaped yet. */
    static boolean hasExited(ProcessHandle process) {
        if (!process.isAlive()) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state == 'Z' || state == 'X';
        } catch (IOException e) {
            return true;
        }
    }
}
