package io.halkyon.benchmarks;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Prints {@code name: value} lines as figures come, and keeps them for ratios. */
public final class Report {

    private final PrintStream out;
    private final Map<String, Double> values = new LinkedHashMap<>();

    Report(PrintStream out) {
        this.out = out;
    }

    /** Prints {@code name: value}, with no decimals for values of 100 or more, else two. */
    public synchronized void put(String name, double value) {
        values.put(name, value);
        out.println(name + ": " + format(value));
        out.flush();
    }

    /** Prints {@code # text}: what a reader needs to read the figures (sizes, settings, machine). */
    public synchronized void comment(String text) {
        out.println("# " + text);
        out.flush();
    }

    /** A figure reported before, or NaN. */
    public synchronized double get(String name) {
        return values.getOrDefault(name, Double.NaN);
    }

    /** Reports {@code name} as {@code numerator / denominator}, two figures reported before. */
    public void ratio(String name, String numerator, String denominator) {
        put(name, get(numerator) / get(denominator));
    }

    static String format(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "n/a";
        }
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.2f", value);
    }
}
