package io.halkyon.plugin.sdk.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Whether a process still runs. {@link ProcessHandle#isAlive()} is true for a zombie (a
 * process that exited but was not reaped yet, which is what a dead host stays when its own
 * parent does not reap it), so on Linux the state in {@code /proc/PID/stat} is checked too.
 */
final class ProcessLiveness {

    private ProcessLiveness() {
    }

    static boolean isRunning(ProcessHandle process) {
        return process.isAlive() && !hasExited(process.pid());
    }

    /** True when {@code /proc} says the process is a zombie or dead; false when it cannot tell. */
    static boolean hasExited(long pid) {
        Path stat = Paths.get("/proc", Long.toString(pid), "stat");
        try {
            String text = new String(Files.readAllBytes(stat), StandardCharsets.US_ASCII);
            // "pid (command) S ...": the command may contain spaces and parentheses.
            int end = text.lastIndexOf(')');
            if (end < 0 || end + 2 >= text.length()) {
                return false;
            }
            char state = text.charAt(end + 2);
            return state == 'Z' || state == 'X' || state == 'x';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
