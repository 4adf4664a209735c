package io.halkyon.benchmarks;

import java.util.Arrays;

/**
 * Call latencies in nanoseconds, and their percentiles (nearest rank: the smallest sample with
 * at least p% of the samples at or below it). Not thread-safe: one recorder per thread.
 */
final class Latencies {

    private long[] samples;
    private int size;

    Latencies(int expected) {
        samples = new long[Math.max(16, expected)];
    }

    static Latencies of(long... nanos) {
        Latencies latencies = new Latencies(nanos.length);
        for (long n : nanos) {
            latencies.add(n);
        }
        return latencies;
    }

    void add(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = nanos;
    }

    void addAll(Latencies other) {
        for (int i = 0; i < other.size; i++) {
            add(other.samples[i]);
        }
    }

    int size() {
        return size;
    }

    /** The p-th percentile (0 < p <= 100), in nanoseconds. */
    long percentile(double p) {
        if (size == 0) {
            throw new IllegalStateException("no samples");
        }
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile " + p + " is not in (0, 100]");
        }
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, rank - 1)];
    }

    /** The p-th percentile in microseconds. */
    double micros(double p) {
        return percentile(p) / 1e3;
    }

    /** The p-th percentile in milliseconds. */
    double millis(double p) {
        return percentile(p) / 1e6;
    }
}
