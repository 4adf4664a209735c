package io.halkyon.benchmarks;

import java.nio.file.Path;

/**
 * What a run was asked for: {@code quick} (fewer iterations, for {@code benchmarks/run --quick})
 * and where the built artifacts are ({@code root} is the project's root directory).
 */
public record Settings(boolean quick, Path root) {

    /** The example plugin's runnable jar, built by the run script. */
    public Path postgresPluginJar() {
        return root.resolve("examples/postgres-capability/target/postgres-capability.jar");
    }

    /** The operator's production jar (shaded, runnable), built by the run script. */
    public Path operatorJar() {
        return root.resolve("operator/target/halkyon-operator.jar");
    }

    /** Where the run script put the Go benchmark binaries. */
    public Path goBinaries() {
        return root.resolve("benchmarks/target/go");
    }

    /** {@code quick} when quick, else {@code full}. */
    public int pick(int quickValue, int fullValue) {
        return quick ? quickValue : fullValue;
    }
}
