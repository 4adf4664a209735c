package io.halkyon.operator.demo;

import io.halkyon.operator.HalkyonOperator;
import picocli.CommandLine;

/**
 * The demo jar's entry point: the operator's command line ({@link HalkyonOperator}) with
 * {@code run --embedded-cluster} added ({@link EmbeddedClusterTarget}). Everything else is the
 * production jar's, unchanged.
 */
public final class HalkyonOperatorDemo {

    private HalkyonOperatorDemo() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call {@code execute} on it with their own writers. */
    public static CommandLine commandLine() {
        return HalkyonOperator.commandLine(new EmbeddedClusterTarget());
    }
}
