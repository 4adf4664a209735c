package io.halkyon.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The memory of another process: its resident set from /proc, a JVM's heap used from {@code jcmd}. */
final class ProcessMemory {

    /** A generation (serial, parallel) or the G1 heap: {@code ... total 19648K, used 14080K [...}. */
    private static final Pattern USED = Pattern.compile("(?:generation|heap)\\s+total \\d+K, used (\\d+)K");

    private ProcessMemory() {
    }

    /** VmRSS of a process, in MiB. */
    static double rssMib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring("VmRSS:".length()).replace("kB", "").trim()) / 1024.0;
            }
        }
        throw new IOException("no VmRSS in /proc/" + pid + "/status");
    }

    /** Heap used by the JVM of {@code pid}, in MiB, from {@code jcmd PID GC.heap_info}; NaN when jcmd cannot tell. */
    static double heapUsedMib(long pid) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return Double.NaN;
        }
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.heap_info")
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return Double.NaN;
        }
        return parseHeapUsedKib(out) / 1024.0;
    }

    /** The sum of the {@code used} of every generation (or the G1 heap) in {@code GC.heap_info}'s output; NaN if none. */
    static double parseHeapUsedKib(String heapInfo) {
        Matcher m = USED.matcher(heapInfo);
        double total = 0;
        boolean found = false;
        while (m.find()) {
            total += Long.parseLong(m.group(1));
            found = true;
        }
        return found ? total : Double.NaN;
    }
}
