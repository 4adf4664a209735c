package io.halkyon.operator.observe;

import io.halkyon.plugin.api.PluginChecksumException;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.host.fetch.FetchResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Locale;

/**
 * The metrics of fetching {@code HALKYON_PLUGINS}: how long each reference took by status, the
 * artifact bytes fetched, and failures by a small fixed set of reasons. References are not tags:
 * a URL may carry credentials, and the status is what an alert needs.
 */
final class FetchMetrics {

    static final String DURATION = "halkyon.plugin.fetch";
    static final String BYTES = "halkyon.plugin.fetch.bytes";
    static final String FAILURES = "halkyon.plugin.fetch.failures";

    private FetchMetrics() {
    }

    static void record(MeterRegistry registry, List<FetchResult> results) {
        Counter bytes = Counter.builder(BYTES).baseUnit("bytes")
                .description("Bytes of plugin artifacts downloaded or copied").register(registry);
        for (FetchResult result : results) {
            Timer.builder(DURATION).tag("status", result.status().name().toLowerCase(Locale.ROOT))
                    .description("Time spent on one plugin reference: cache check, tries and backoff")
                    .register(registry).record(result.duration());
            bytes.increment(result.bytes());
            result.failure().ifPresent(failure -> Counter.builder(FAILURES).tag("reason", reason(failure))
                    .description("Plugin references that could not be fetched").register(registry).increment());
        }
    }

    /**
     * {@code checksum} (a digest mismatch), {@code transient} (I/O, timeouts, 5xx: the next start
     * may succeed) or {@code permanent} (4xx, a refused redirect or tarball, a bad reference...).
     */
    static String reason(Throwable failure) {
        if (failure instanceof PluginChecksumException) {
            return "checksum";
        }
        return failure instanceof PluginException e && e.isRetryable() ? "transient" : "permanent";
    }
}
