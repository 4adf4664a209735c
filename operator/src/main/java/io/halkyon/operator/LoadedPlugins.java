package io.halkyon.operator;

import io.halkyon.operator.observe.Observability;
import io.halkyon.operator.reconcile.ManagedPluginSource;
import io.halkyon.operator.reconcile.PluginSource;
import io.halkyon.plugin.api.TypeInfo;
import io.halkyon.plugin.host.PluginHandle;
import io.halkyon.plugin.host.PluginManager;
import io.halkyon.plugin.host.PluginState;
import io.halkyon.plugin.host.PluginStateChange;
import io.halkyon.plugin.host.PluginStateListener;
import io.halkyon.plugin.host.fetch.FetchResult;
import io.halkyon.plugin.host.fetch.PluginFetchConfig;
import io.halkyon.plugin.host.fetch.PluginFetcher;
import io.halkyon.plugin.host.fetch.PluginReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugins of a running operator: the {@code HALKYON_PLUGINS} references fetched into the
 * plugins directory, then every file of it loaded and the directory watched (files added,
 * removed or replaced are loaded, unloaded, reloaded) and every plugin supervised (restarted
 * with backoff when it exits or stops answering health checks, left FAILED on a crash loop until
 * its file changes); every state change is logged. Their calls, states and fetches are measured
 * ({@link Observability}). A replica standing by for the lease may only fetch and check them
 * ({@link #standBy()}) and start them when it leads. Closing stops every plugin,
 * in parallel.
 */
final class LoadedPlugins implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LoadedPlugins.class);

    private final PluginManager manager;
    private final PluginSource source;
    private final List<FetchResult> fetched;
    private final Path dir;
    private final Duration pollInterval;
    private final Observability observe;
    private final AtomicBoolean started = new AtomicBoolean();

    private LoadedPlugins(PluginManager manager, List<FetchResult> fetched, Path dir, Duration pollInterval,
                          Observability observe) {
        this.manager = manager;
        this.source = new ManagedPluginSource(manager);
        this.fetched = fetched;
        this.dir = dir;
        this.pollInterval = pollInterval;
        this.observe = observe;
    }

    /**
     * Fetches {@code refs} (comma-separated, may be blank) into the plugins directory (created
     * when missing), then, when {@code startNow}, loads and watches it every {@code pollInterval};
     * otherwise only checks its files ({@link #standBy()}) until {@link #start()}. A reference
     * that cannot be fetched fails only itself: it is logged, the others load.
     */
    static LoadedPlugins load(PluginOptions options, SupervisionOptions supervision, String refs,
                              PluginFetchConfig fetchConfig, Duration pollInterval, Observability observe,
                              boolean startNow) {
        LoadedPlugins loaded = prepare(options, supervision, refs, fetchConfig, pollInterval, observe);
        try {
            if (startNow) {
                loaded.start();
            } else {
                loaded.standBy();
            }
            return loaded;
        } catch (RuntimeException e) {
            loaded.close();
            throw e;
        }
    }

    private static LoadedPlugins prepare(PluginOptions options, SupervisionOptions supervision, String refs,
                                 PluginFetchConfig fetchConfig, Duration pollInterval, Observability observe) {
        List<String> references = PluginReference.split(refs);
        List<FetchResult> fetched = List.of();
        Path dir;
        if (references.isEmpty()) {
            dir = options.existingPluginsDir();
        } else {
            dir = options.pluginsDir();
            log.info("fetching {} plugin reference(s) into {}", references.size(), dir);
            fetched = new PluginFetcher(dir, fetchConfig).fetchAll(references);
            observe.fetched(fetched);
            for (FetchResult result : fetched) {
                if (result.ok()) {
                    log.info("plugin reference '{}': {} {}", result.reference(), result.status(), result.files());
                } else {
                    // The message names the reference, escaped: a failed one may hold control characters.
                    log.error("could not be fetched: {}", failure(result));
                }
            }
        }
        PluginManager manager = PluginManager.builder(options.template().toBuilder()
                        .callObserver(observe.callObserver()).build())
                .restartPolicy(supervision.restartPolicy())
                .healthChecks(supervision.healthChecks())
                .build();
        manager.addStateListener(LoadedPlugins::log);
        manager.addStateListener(observe.stateListener());
        return new LoadedPlugins(manager, fetched, dir, pollInterval, observe);
    }

    /**
     * Loads the plugins directory and watches it (once; later calls return at once): returns when
     * the first start of every plugin has ended (RUNNING, FAILED, or restarting in the background).
     */
    void start() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        List<PluginHandle> handles = manager.watch(dir, pollInterval);
        log.info("{} plugin file(s) in {}, {} running; watching it every {}; {}, {}", handles.size(), dir,
                handles.stream().filter(h -> h.state() == PluginState.RUNNING).count(),
                DurationConverter.format(pollInterval), manager.restartPolicy(), manager.healthChecks());
        observe.pluginsLoaded();
    }

    /**
     * For a replica standing by for the lease ({@link StandbyPlugins#DEFER}): the plugin files are
     * there (downloads checked against their checksums when fetched) and listed now
     * ({@link PluginManager#pluginFiles}), readiness is reported, but none is started.
     */
    private void standBy() {
        List<Path> files = PluginManager.pluginFiles(dir);
        log.info("{} plugin file(s) in {}, not started: this replica starts them when it leads ({} {})",
                files.size(), dir, StandbyPlugins.OPTION, StandbyPlugins.DEFER.value());
        observe.pluginsLoaded();
    }

    /**
     * {@link #start()} on another thread, waiting for it at most {@code wait}: a replica that
     * becomes leader starts its plugins before it reconciles, without holding the Lease renewal
     * past its deadline. A plugin still starting then is reconciled for once RUNNING (the
     * registry tells the reconciler), as after a restart.
     */
    void startWithin(Duration wait) {
        CompletableFuture<Void> start = CompletableFuture.runAsync(this::start, runnable -> {
            Thread thread = new Thread(runnable, "halkyon-plugins-start");
            thread.setDaemon(true);
            thread.start();
        });
        try {
            start.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("plugins in {} still starting after {}: reconciling meanwhile; the Capabilities of a plugin are"
                    + " reconciled again once it runs", dir, DurationConverter.format(wait));
        } catch (ExecutionException e) {
            log.error("plugins in {} could not be started: {}", dir, e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    PluginSource source() {
        return source;
    }

    /** Tells {@code listener} of every state change of every plugin from now on (see {@link PluginState}). */
    void addStateListener(PluginStateListener listener) {
        manager.addStateListener(listener);
    }

    /** {@code RUNNING -> RESTARTING: <cause>}, as the logs and the demo show a state change. */
    static String describe(PluginStateChange change) {
        return change.from() + " -> " + change.to() + (change.cause() == null ? ""
                : ": " + PluginRow.oneLine(change.cause()));
    }

    /** Every state change is logged; those away from RUNNING as warnings, giving up as an error. */
    static void log(PluginStateChange change) {
        switch (change.to()) {
            case FAILED -> log.error("plugin '{}': {}", change.pluginName(), describe(change));
            case UNHEALTHY, RESTARTING -> log.warn("plugin '{}': {}", change.pluginName(), describe(change));
            default -> log.info("plugin '{}': {}", change.pluginName(), describe(change));
        }
    }

    private static String failure(FetchResult result) {
        return result.failure().map(Throwable::getMessage).orElse("unknown error");
    }

    /** One line per plugin reference that failed, then per plugin file: what it provides, or why it failed. */
    List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (FetchResult result : fetched) {
            if (!result.ok()) {
                lines.add("could not be fetched: " + failure(result));
            }
        }
        List<PluginHandle> handles = manager.plugins();
        for (PluginHandle handle : handles) {
            lines.add(handle.plugin().map(p -> "'" + p.name() + "' " + p.version() + " from " + handle.file().getFileName()
                            + ": " + p.category() + "/" + p.types().stream().map(LoadedPlugins::describe)
                            .collect(Collectors.joining(", ")))
                    .map(line -> handle.state() == PluginState.RUNNING ? line : line + " [" + handle.state()
                            + handle.failure().map(f -> ": " + PluginRow.oneLine(f)).orElse("") + "]")
                    .orElseGet(() -> "file " + handle.file().getFileName() + " failed: "
                            + handle.failure().map(Throwable::getMessage).orElse(handle.state().toString())));
        }
        if (handles.isEmpty()) {
            lines.add("none loaded: the plugins directory is empty");
        }
        return lines;
    }

    private static String describe(TypeInfo type) {
        return type.type() + (type.versions().isEmpty() ? " (any version)" : " " + type.versions());
    }

    @Override
    public void close() {
        manager.close();
    }
}
