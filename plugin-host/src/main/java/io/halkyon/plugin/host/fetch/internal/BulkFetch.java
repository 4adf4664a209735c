package io.halkyon.plugin.host.fetch.internal;

import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.host.fetch.FetchResult;
import io.halkyon.plugin.host.fetch.PluginFetchConfig;
import io.halkyon.plugin.host.fetch.PluginReference;
import io.halkyon.plugin.host.internal.Threads;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code fetchAll}: the references are checked against the cache and fetched by at most
 * PluginFetchConfig.parallelism workers, all within the total timeout (workers still busy then
 * are interrupted and their references fail); then {@link Installer} installs, on this thread,
 * in the order listed. Never throws for a reference: each ends FETCHED, CACHED or FAILED.
 */
public final class BulkFetch {

    /** How long interrupted workers get to clean up before the run returns without them. */
    static final Duration CLEANUP_GRACE = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(BulkFetch.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Path pluginsDir;
    private final PluginFetchConfig config;
    private final FetchRecords records;
    private final ReferenceFetch work;

    public BulkFetch(Path pluginsDir, PluginFetchConfig config) {
        this.pluginsDir = pluginsDir;
        this.config = config;
        this.records = new FetchRecords(pluginsDir);
        this.work = new ReferenceFetch(config, records);
    }

    /** See {@link io.halkyon.plugin.host.fetch.PluginFetcher#fetchAll}. */
    public List<FetchResult> fetchAll(List<String> references) {
        List<String> listed = references.stream().map(r -> r == null ? "" : r.trim()).toList();
        List<String> raws = listed.stream().distinct().toList();
        List<FetchResult> results;
        try {
            records.prepare();
            long[] took = new long[raws.size()];
            List<Outcome> outcomes = outcomes(raws, took);
            results = measured(new Installer(records).install(raws, outcomes), outcomes, took);
            records.sweep(); // what interrupted workers may have left
        } catch (IOException e) {
            PluginException cause = new PluginException(pluginsDir.toString(), "cannot prepare or write the plugins"
                    + " directory " + pluginsDir + ": " + HttpTransfer.describe(e), e);
            log.error(cause.getMessage());
            results = raws.stream().map(raw -> FetchResult.failed(raw, new PluginException(raw, "plugin reference "
                    + LogText.quote(raw) + " not fetched: " + cause.getMessage(), cause))).toList();
        }
        Map<String, FetchResult> byReference = new HashMap<>();
        results.forEach(r -> byReference.put(r.reference(), r));
        log.info("plugin references: {} fetched, {} cached, {} failed", count(results, FetchResult.Status.FETCHED),
                count(results, FetchResult.Status.CACHED), count(results, FetchResult.Status.FAILED));
        return listed.stream().map(byReference::get).toList();
    }

    /** The results with how long each reference took and how many artifact bytes it fetched. */
    private static List<FetchResult> measured(List<FetchResult> results, List<Outcome> outcomes, long[] took) {
        List<FetchResult> out = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            long bytes = outcomes.get(i) instanceof Outcome.Fetched f ? f.staged().bytes() : 0;
            out.add(results.get(i).measured(Duration.ofNanos(took[i]), bytes));
        }
        return out;
    }

    /** What the work on each reference came to; {@code took[i]} gets how long it took. */
    private List<Outcome> outcomes(List<String> raws, long[] took) {
        long start = System.nanoTime();
        Deadline total = Deadline.after(config.totalTimeout(), "total timeout", "totalTimeout");
        List<Outcome> outcomes = new ArrayList<>();
        List<Future<Outcome>> futures = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(config.parallelism(), raws.size())),
                r -> Threads.daemon("plugin-fetch-" + THREADS.incrementAndGet(), r));
        try {
            for (String raw : raws) {
                PluginReference ref;
                try {
                    ref = PluginReference.parse(raw, config);
                } catch (PluginException e) {
                    log.error(e.getMessage());
                    futures.add(null);
                    outcomes.add(new Outcome.Failed(e));
                    continue;
                }
                int index = futures.size();
                futures.add(pool.submit(() -> {
                    long began = System.nanoTime();
                    try {
                        return work.run(ref, total);
                    } finally {
                        took[index] = System.nanoTime() - began;
                    }
                }));
                outcomes.add(null);
            }
            for (int i = 0; i < raws.size(); i++) {
                if (futures.get(i) != null) {
                    outcomes.set(i, await(raws.get(i), futures.get(i), total));
                    if (took[i] == 0) { // given up on while still working
                        took[i] = System.nanoTime() - start;
                    }
                }
            }
        } finally {
            pool.shutdownNow();
            awaitTermination(pool);
        }
        return outcomes;
    }

    private static Outcome await(String raw, Future<Outcome> future, Deadline total) {
        try {
            return future.get(total.remainingNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            FetchFailure failure = FetchFailure.permanent(raw, "plugin reference '" + raw + "': not fetched within "
                    + total.what() + "; not recorded, tried again at the next start");
            log.error(failure.getMessage());
            return new Outcome.Failed(failure);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            PluginException failure = cause instanceof PluginException pe ? pe : new PluginException(raw,
                    "plugin reference '" + raw + "': " + HttpTransfer.describe(cause), cause);
            log.error(failure.getMessage());
            return new Outcome.Failed(failure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return new Outcome.Failed(FetchFailure.permanent(raw, "plugin reference '" + raw + "': interrupted"));
        }
    }

    private static void awaitTermination(ExecutorService pool) {
        try {
            if (!pool.awaitTermination(CLEANUP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("plugin fetch workers still busy {} after being interrupted; returning without them",
                        CLEANUP_GRACE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long count(List<FetchResult> results, FetchResult.Status status) {
        return results.stream().filter(r -> r.status() == status).count();
    }
}
