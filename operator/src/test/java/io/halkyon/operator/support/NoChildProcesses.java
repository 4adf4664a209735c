package io.halkyon.operator.support;

import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After each test (after all tests of a class whose instance lives per class, as those share
 * their plugins), no child process of this JVM may be left: waits a few seconds for them to go,
 * then kills what remains (by pid, descendants of this JVM only) and fails the test.
 */
public final class NoChildProcesses implements AfterEachCallback, AfterAllCallback {

    @Override
    public void afterEach(ExtensionContext context) {
        if (context.getTestInstanceLifecycle().orElse(null) != TestInstance.Lifecycle.PER_CLASS) {
            check(context);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getTestInstanceLifecycle().orElse(null) == TestInstance.Lifecycle.PER_CLASS) {
            check(context);
        }
    }

    private static void check(ExtensionContext context) {
        try {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> descendants().isEmpty());
        } catch (ConditionTimeoutException e) {
            List<ProcessHandle> left = descendants();
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
