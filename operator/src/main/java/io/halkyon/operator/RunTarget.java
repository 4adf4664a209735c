package io.halkyon.operator;

/**
 * Somewhere other than the kubeconfig's cluster for {@code run} to reconcile in, brought by
 * another jar through {@link HalkyonOperator#commandLine(RunTarget...)}: its options become
 * options of {@code run}, and when they select it, {@code run} sets up as always (process
 * containment, signals, the plugins loaded and watched) and hands over to {@link #run}. The demo
 * jar (module {@code operator-demo}) adds {@code --embedded-cluster} this way, so the production
 * jar carries no API server of its own.
 */
public interface RunTarget {

    /** An object whose picocli {@code @Option} fields are added to {@code run}'s options. */
    Object options();

    /** Whether the parsed options ask for this target instead of the kubeconfig's cluster. */
    boolean selected();

    /**
     * Called when selected, before anything starts: reads and checks what the target needs.
     *
     * @throws IllegalArgumentException a usage error (exit 2): one line naming the option and what
     *     is wrong
     */
    void prepare();

    /**
     * Runs the operator on this target until done or stopped ({@link RunContext#awaitShutdown()});
     * {@code run} stops the plugins afterwards.
     *
     * @return the exit status: 0, or 1 when the job failed
     */
    int run(RunContext context) throws Exception;
}
