package io.halkyon.benchmarks;

/**
 * One group of figures of {@code benchmarks/run}: measures its figures and their baselines in
 * the same run and reports each as a {@code name: value} line.
 */
public interface Figures {

    /** Short name, for {@code --only} and for the line saying a group failed. */
    String name();

    void measure(Settings settings, Report report) throws Exception;
}
