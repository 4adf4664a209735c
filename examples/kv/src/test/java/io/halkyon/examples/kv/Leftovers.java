package io.halkyon.examples.kv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a test may have left behind: processes of the plugins it started (found by the jar or Go
 * program in their command line, paths unique to this build), and the plugins' socket files and
 * directories ({@code plugin*}, and the host's {@code hk*}) in a temporary directory.
 */
final class Leftovers {

    private Leftovers() {
    }

    /** Live processes, other than this JVM, whose command line mentions one of {@code markers}. */
    static List<ProcessHandle> processes(Collection<String> markers) {
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self && p.isAlive())
                .filter(p -> p.info().commandLine().map(line -> markers.stream().anyMatch(line::contains)).orElse(false))
                .toList();
    }

    /** For messages: pid and command line. */
    static String describe(List<ProcessHandle> processes) {
        return processes.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList().toString();
    }

    /**
     * Kills what {@link #processes} found: these are plugins this test started (their paths are
     * this build's), left running by a failed test.
     */
    static void kill(List<ProcessHandle> processes) {
        processes.forEach(ProcessHandle::destroyForcibly);
    }

    /** Entries named {@code plugin*} or {@code hk*} directly in {@code dir}. */
    static List<Path> socketEntries(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith("plugin") || name.startsWith("hk");
            }).toList();
        }
    }
}
