package io.halkyon.operator.observe;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Whether the operator is ready (docs/admin-guide.md, "Probes and metrics"): the plugins
 * directory loaded (HALKYON_PLUGINS fetched first), and the operator started with its informers
 * synced and healthy. Until then, {@link #problems()} says what is missing.
 */
final class Readiness {

    private volatile boolean pluginsLoaded;
    private volatile Supplier<Optional<String>> operator;

    void pluginsLoaded() {
        pluginsLoaded = true;
    }

    /** The operator started; {@code notReady} says what keeps it from reconciling now, if anything. */
    void operatorStarted(Supplier<Optional<String>> notReady) {
        operator = notReady;
    }

    /** What keeps the operator from being ready; empty when it is. */
    List<String> problems() {
        List<String> problems = new ArrayList<>(2);
        if (!pluginsLoaded) {
            problems.add("plugins: not loaded yet (fetching HALKYON_PLUGINS or starting the plugins directory)");
        }
        Supplier<Optional<String>> check = operator;
        if (check == null) {
            problems.add("operator: not started yet (informers not synced)");
        } else {
            check.get().ifPresent(problem -> problems.add("operator: " + problem));
        }
        return problems;
    }
}
