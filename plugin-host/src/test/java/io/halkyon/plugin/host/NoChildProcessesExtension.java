package io.halkyon.plugin.host;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After each test, no child process of this JVM may be left: waits a few seconds for them to
 * go, then kills what remains and fails the test. {@link AfterAll} checks once after the class
 * instead, for classes sharing one plugin process between their tests.
 */
public class NoChildProcessesExtension implements AfterEachCallback {

    /** The same check after all the tests of the class (after its {@code @AfterAll} methods). */
    public static final class AfterAll implements AfterAllCallback {
        @Override
        public void afterAll(ExtensionContext context) throws InterruptedException {
            check(context);
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        check(context);
    }

    private static void check(ExtensionContext context) throws InterruptedException {
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
