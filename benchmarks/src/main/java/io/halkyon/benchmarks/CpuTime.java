package io.halkyon.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time (user + system) of a whole process, from {@code /proc/PID/stat}, in microseconds. */
final class CpuTime {

    /** Clock ticks per second of {@code /proc/PID/stat}: 100 on Linux (USER_HZ). */
    private static final long TICKS_PER_SECOND = 100;

    private CpuTime() {
    }

    static long micros(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // Fields after the command name, which is in parentheses and may hold spaces: utime is 14th, stime 15th.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * 1_000_000 / TICKS_PER_SECOND;
    }

    /** CPU microseconds per call that each process spent while {@code call} ran {@code count} times, one at a time. */
    static long[] perCall(int count, Runnable call, long... pids) throws IOException {
        long[] before = new long[pids.length];
        for (int i = 0; i < pids.length; i++) {
            before[i] = micros(pids[i]);
        }
        for (int i = 0; i < count; i++) {
            call.run();
        }
        long[] perCall = new long[pids.length];
        for (int i = 0; i < pids.length; i++) {
            perCall[i] = (micros(pids[i]) - before[i]) / count;
        }
        return perCall;
    }
}
