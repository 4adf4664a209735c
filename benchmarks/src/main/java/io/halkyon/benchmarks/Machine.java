package io.halkyon.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** The machine a run measured, for the header line: cores, load average, java version, date. */
final class Machine {

    private Machine() {
    }

    /** {@code cores: 2, load average: 0.50 0.40 0.30, java: 17.0.15 (OpenJDK 64-Bit Server VM), date: ...}. */
    static String header(boolean quick) {
        return "cores: " + Runtime.getRuntime().availableProcessors()
                + ", load average: " + loadAverage()
                + ", java: " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
                + ", date: " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                + ", run: " + (quick ? "quick" : "full");
    }

    /** The three load averages of /proc/loadavg, or the JVM's one-minute figure elsewhere. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return String.format(java.util.Locale.ROOT, "%.2f",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }
}
