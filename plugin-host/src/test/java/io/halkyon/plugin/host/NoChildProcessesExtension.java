package io.halkyon.plugin.host;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After each test, no child process of this JVM may be left: waits a few seconds for them to
 * go, then kills what remains and fails the test. Nor may a socket directory the host made for
 * a plugin ({@code hk*} in the temporary directory) be left, however the plugin ended.
 * {@link AfterAll} checks once after the class instead, for classes sharing one plugin process
 * between their tests.
 */
public class NoChildProcessesExtension implements BeforeEachCallback, AfterEachCallback {

    /** The same check after all the tests of the class (after its {@code @AfterAll} methods). */
    public static final class AfterAll implements BeforeAllCallback, AfterAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) throws IOException {
            remember(context);
        }

        @Override
        public void afterAll(ExtensionContext context) throws InterruptedException, IOException {
            check(context);
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Namespace STORE = Namespace.create(NoChildProcessesExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        remember(context);
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException, IOException {
        check(context);
    }

    private static void remember(ExtensionContext context) throws IOException {
        context.getStore(STORE).put("socketDirs", hostSocketDirs());
    }

    private static void check(ExtensionContext context) throws InterruptedException, IOException {
        checkProcesses(context);
        @SuppressWarnings("unchecked")
        Set<Path> before = context.getStore(STORE).get("socketDirs", Set.class);
        long deadline = System.nanoTime() + WAIT.toNanos();
        Set<Path> left = newSince(before);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            left = newSince(before);
        }
        if (!left.isEmpty()) {
            fail(context.getDisplayName() + " left plugin socket directories behind: " + left);
        }
    }

    private static Set<Path> newSince(Set<Path> before) throws IOException {
        Set<Path> now = new HashSet<>(hostSocketDirs());
        now.removeAll(before == null ? Set.of() : before);
        return now;
    }

    /** The directories the host makes for its plugins' sockets (PLUGIN_UNIX_SOCKET_DIR). */
    private static Set<Path> hostSocketDirs() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("hk") && Files.isDirectory(p))
                    .collect(Collectors.toSet());
        }
    }

    private static void checkProcesses(ExtensionContext context) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<ProcessHandle> left = descendants();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            left = descendants();
        }
        if (!left.isEmpty()) {
            String described = left.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList()
                    .toString();
            left.forEach(ProcessHandle::destroyForcibly);
            fail(context.getDisplayName() + " left child processes behind: " + described);
        }
    }

    private static List<ProcessHandle> descendants() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
    }
}
