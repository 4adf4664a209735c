package io.halkyon.plugin.host;

import io.halkyon.plugin.api.PluginException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the plugins of a directory and supervises them: a {@link PluginHandle} per file and a
 * {@link PluginRegistry} over them.
 *
 * <p>Every regular file whose name does not start with {@code .} is a plugin: a {@code .jar}
 * runs with the running JVM's {@code java}, an executable file is executed, anything else ends
 * FAILED ("not executable and not a .jar"). Files load in parallel, at most
 * {@link Builder#parallelStarts(int) parallelStarts} at once (default
 * {@link #DEFAULT_PARALLEL_STARTS}); one bad file never stops the others.
 *
 * <p><b>Supervision.</b> A plugin whose start fails (the first one included), whose process
 * exits, or which misses {@link HealthCheckPolicy#unhealthyThreshold()} health checks in a row
 * (it is then killed), is started again after a backoff with jitter ({@link RestartPolicy}); a
 * crash loop leaves it FAILED with its cause until its file changes, as does at once a failure
 * no restart fixes (see {@link RestartPolicy}). The states and their transitions are those of
 * {@link PluginState}; {@link #addStateListener} hears of each.
 *
 * <p><b>Registry.</b> {@link #registry()} keeps serving a plugin while it is UNHEALTHY,
 * RESTARTING or FAILED, through a proxy that is the same object across restarts: calls fail fast
 * with a retryable {@link io.halkyon.plugin.api.PluginUnavailableException} while it restarts,
 * a non-retryable {@link PluginException} with the cause once FAILED. Registry listeners hear
 * of every change that matters to callers: a plugin added or removed, unavailable, back RUNNING
 * (reconcile what it serves again), FAILED, or with other types after a restart.
 *
 * <p>{@link #watch} keeps a directory in step without restart: a new file is loaded, a removed
 * file's plugin is stopped, a changed file (size, modification time, identity or permissions)
 * is reloaded into a new handle, each once the file has been the same for two polls.
 * {@link #close()} stops every plugin in parallel. Thread-safe.
 */
public final class PluginManager implements AutoCloseable {

    /**
     * Most plugins started at once by default: {@code max(16, 4 x availableProcessors)}. A start
     * mostly waits for the plugin process to come up (the host's own work is about a tenth of a
     * JVM plugin's start-up CPU), so a directory loads fastest when its plugins start together
     * (ten JVM plugins on 2 cores: about 0.85 of the time with 4 at once); the bound keeps a
     * directory of hundreds from forking them all at one moment.
     */
    public static final int DEFAULT_PARALLEL_STARTS = Math.max(16, 4 * Runtime.getRuntime().availableProcessors());
    private static final Logger log = LoggerFactory.getLogger(PluginManager.class);
    private static final AtomicInteger POOL_COUNTER = new AtomicInteger();
    /** Beyond the graces, for the kill itself, the reaping and a loaded machine. */
    private static final Duration STOP_MARGIN = Duration.ofSeconds(10);

    private final PluginClientConfig template;
    private final RestartPolicy restartPolicy;
    private final HealthCheckPolicy healthChecks;
    private final PluginSlots slots;
    private final int parallelStarts;
    private final ManagerThreads threads;
    private final RegistryPublisher publisher = new RegistryPublisher();
    private final List<PluginStateListener> stateListeners = new CopyOnWriteArrayList<>();
    private final Set<Supervisor> live = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** A manager with {@link RestartPolicy#DEFAULT} and {@link HealthCheckPolicy#DEFAULT}. */
    public PluginManager(PluginClientConfig template) {
        this(template, RestartPolicy.DEFAULT);
    }

    /**
     * @param template      settings for every plugin (timeouts, cookie, network...); the name and
     *                      command are set per file
     * @param restartPolicy how failed plugins are restarted; health checks are {@link HealthCheckPolicy#DEFAULT}
     */
    public PluginManager(PluginClientConfig template, RestartPolicy restartPolicy) {
        this(template, restartPolicy, HealthCheckPolicy.DEFAULT, DEFAULT_PARALLEL_STARTS);
    }

    private PluginManager(PluginClientConfig template, RestartPolicy restartPolicy, HealthCheckPolicy healthChecks,
                          int parallelStarts) {
        this.template = Objects.requireNonNull(template, "template");
        if (template.sha256().isPresent()) {
            throw new IllegalArgumentException("PluginManager template: sha256 pins one file, but the template applies to"
                    + " every file of the directory; pin downloads with HALKYON_PLUGINS' #sha256= instead");
        }
        this.restartPolicy = Objects.requireNonNull(restartPolicy, "restartPolicy");
        this.healthChecks = Objects.requireNonNull(healthChecks, "healthChecks");
        this.parallelStarts = parallelStarts;
        this.threads = new ManagerThreads(parallelStarts);
        this.slots = new PluginSlots(this);
    }

    /** A builder: {@code PluginManager.builder(template).restartPolicy(...).healthChecks(...).build()}. */
    public static Builder builder(PluginClientConfig template) {
        return new Builder(template);
    }

    /**
     * The files of {@code dir} that {@link #loadDirectory} would load as plugins (absolute, sorted
     * by name), without starting any: e.g. to check a directory whose plugins start later.
     *
     * @throws PluginException when the directory is missing or cannot be read (it names the directory)
     */
    public static List<Path> pluginFiles(Path dir) {
        return List.copyOf(PluginFiles.list(dir).keySet());
    }

    /**
     * Loads every plugin file in {@code dir}, in parallel, and waits until the first start of
     * each has ended: RUNNING, FAILED, or RESTARTING when it failed and is tried again in the
     * background ({@link RestartPolicy}; listeners hear when it is RUNNING). Files already loaded
     * by this manager are not loaded again.
     *
     * @return the handles of the directory's plugin files, sorted by file name
     * @throws PluginException only when the directory itself cannot be read (it names the directory)
     */
    public List<PluginHandle> loadDirectory(Path dir) {
        Map<Path, FileStamp> files = PluginFiles.list(dir);
        Map<Path, Long> toLoad;
        synchronized (this) {
            checkOpen(dir);
            toLoad = slots.claimNew(files);
        }
        log.info("loading {} plugin(s) from {}", toLoad.size(), dir);
        Map<Path, PluginHandle> loaded = loadAll(toLoad);
        synchronized (this) {
            loaded.forEach((file, handle) -> slots.loaded(file, toLoad.get(file), handle));
            rebuildRegistry();
            return files.keySet().stream().map(f -> slots.handle(f).orElse(loaded.get(f)))
                    .filter(Objects::nonNull).toList();
        }
    }

    /**
     * Loads {@code dir} as {@link #loadDirectory} does, then polls it every {@code interval}
     * until {@link #close()}: files that appeared are loaded, files that disappeared are
     * unloaded (their process stopped), files that changed are reloaded. Dot-files are ignored.
     * A file is acted on once it has not changed between two polls; writers should still
     * prefer writing elsewhere and renaming into the directory.
     *
     * @return the handles loaded now, sorted by file name
     * @throws PluginException when the directory cannot be read now (later read errors are logged)
     */
    public List<PluginHandle> watch(Path dir, Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("watch interval must be positive, was " + interval);
        }
        List<PluginHandle> handles = loadDirectory(dir);
        DirectoryWatch watch = new DirectoryWatch(dir.toAbsolutePath().normalize());
        synchronized (this) {
            checkOpen(dir);
            threads.every(() -> poll(watch), interval);
        }
        log.info("watching plugin directory {} every {} ms", dir, interval.toMillis());
        return handles;
    }

    /** Every handle this manager holds, sorted by file name. */
    public synchronized List<PluginHandle> plugins() {
        return slots.handles();
    }

    /** The registry of the loaded plugins (see the class comment), first by file name winning duplicate claims. */
    public PluginRegistry registry() {
        return publisher.registry();
    }

    public RestartPolicy restartPolicy() {
        return restartPolicy;
    }

    public HealthCheckPolicy healthChecks() {
        return healthChecks;
    }

    /** Most plugins this manager starts at once. */
    public int parallelStarts() {
        return parallelStarts;
    }

    /**
     * Calls {@code listener} with the new registry after every change that matters to callers:
     * a plugin loaded, unloaded, reloaded, no longer available (UNHEALTHY, RESTARTING), back
     * RUNNING, FAILED, or offering other types; in order, on a thread of the manager's. A
     * listener should not block for long. Not called for the current registry (read
     * {@link #registry()}), nor when {@link #close()} stops everything.
     */
    public void addRegistryListener(Consumer<PluginRegistry> listener) {
        publisher.addListener(Objects.requireNonNull(listener, "listener"));
    }

    public void removeRegistryListener(Consumer<PluginRegistry> listener) {
        publisher.removeListener(listener);
    }

    /**
     * Calls {@code listener} on every state change of every plugin this manager supervises (see
     * {@link PluginState} for the supervised model), with the plugin's name, the old and new state
     * and the cause; in order per plugin, on internal threads.
     */
    public void addStateListener(PluginStateListener listener) {
        stateListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeStateListener(PluginStateListener listener) {
        stateListeners.remove(listener);
    }

    /**
     * Stops polling, health checks and restarts, then stops every plugin in parallel (loads in
     * progress included): within shutdownGrace + terminateGrace + a few seconds, however many
     * plugins there are and whether or not they cooperate. Idempotent.
     */
    @Override
    public void close() {
        List<Supervisor> toStop;
        synchronized (this) {
            closed = true;
            toStop = new ArrayList<>(live);
            publisher.rebuild(List.of(), false); // callers see no plugin from now on
        }
        threads.shutdown();
        Duration bound = template.shutdownGrace().plus(template.terminateGrace()).plus(STOP_MARGIN);
        List<CompletableFuture<Void>> stops = toStop.stream()
                .map(s -> CompletableFuture.runAsync(s::stop, r -> daemon("plugin-manager-stop-" + s.name(), r).start()))
                .toList();
        try {
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("not every plugin stopped within {} ms: {}", bound.toMillis(), e.toString());
        }
        if (!threads.awaitWork(bound)) {
            log.warn("plugin starts still in progress after close");
        }
        publisher.close();
    }

    // ---- used by PluginSlots (under this manager's lock unless said otherwise) ----

    /** Starts one plugin file and supervises it; never throws. Not under the lock. */
    PluginHandle start(Path file) {
        String name = PluginFiles.nameOf(file);
        PluginClientConfig config = null;
        RuntimeException problem = null;
        boolean jar = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar");
        if (!jar && !Files.isExecutable(file)) {
            problem = new PluginException(name, "plugin file " + file + " is not executable and not a .jar");
        } else if (closed) {
            problem = new PluginException(name, "plugin file " + file + " not loaded: the PluginManager is closed");
        } else {
            try {
                config = template.toBuilder().executable(file).name(name).build();
            } catch (RuntimeException e) {
                problem = new PluginException(name, "plugin file " + file + ": " + e.getMessage(), e);
            }
        }
        Supervisor supervisor = new Supervisor(file, name, config, restartPolicy, healthChecks, threads);
        supervisor.addListener(change -> supervisedChanged(supervisor, change));
        if (problem != null) {
            supervisor.failWithoutLaunch(problem);
        } else {
            live.add(supervisor);
            if (closed) { // closed meanwhile: close() may not have seen it
                supervisor.stop();
            } else {
                supervisor.startFirst();
            }
        }
        PluginHandle handle = supervisor.handle();
        if (handle.state() == PluginState.RUNNING) {
            log.info("plugin '{}' loaded from {}", name, file);
        } else if (handle.state() == PluginState.FAILED) { // RESTARTING: the supervisor said when it tries again
            log.warn("plugin '{}' from {} failed to load: {}", name, file,
                    handle.failure().map(Throwable::getMessage).orElse(handle.state().toString()));
        }
        return handle;
    }

    void runWork(Runnable task) {
        threads.work(task);
    }

    /** Rebuilds the registry and tells listeners when what callers see changed. */
    void rebuildRegistry() {
        publisher.rebuild(slots.handles(), !closed);
    }

    private void supervisedChanged(Supervisor supervisor, PluginStateChange change) {
        log.info("plugin '{}': {} -> {}{}", change.pluginName(), change.from(), change.to(),
                change.cause() == null ? "" : " (" + Supervisor.summary(change.cause()) + ")");
        synchronized (this) {
            if (change.to().isFinal()) {
                live.remove(supervisor);
            }
            if (!closed) {
                rebuildRegistry();
            }
        }
        for (PluginStateListener listener : stateListeners) {
            try {
                listener.stateChanged(change);
            } catch (RuntimeException e) {
                log.warn("plugin '{}': state listener failed on {} -> {}", change.pluginName(), change.from(),
                        change.to(), e);
            }
        }
    }

    private void poll(DirectoryWatch watch) {
        Map<Path, FileStamp> current;
        try {
            current = PluginFiles.list(watch.dir());
        } catch (PluginException e) {
            log.warn("cannot poll plugin directory: {}", e.getMessage());
            current = Map.of();
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            DirectoryWatch.Changes changes = watch.poll(current, slots.stampsIn(watch.dir()), slots.busy());
            try {
                slots.apply(changes);
            } catch (RejectedExecutionException e) {
                log.debug("manager closing, changes of {} not applied", watch.dir());
            }
        }
    }

    private Map<Path, PluginHandle> loadAll(Map<Path, Long> files) {
        Map<Path, PluginHandle> result = new LinkedHashMap<>();
        if (files.isEmpty()) {
            return result;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(files.size(), parallelStarts),
                r -> daemon("plugin-manager-load-" + POOL_COUNTER.incrementAndGet(), r));
        try {
            Map<Path, CompletableFuture<PluginHandle>> futures = new LinkedHashMap<>();
            files.forEach((file, gen) -> futures.put(file, CompletableFuture.supplyAsync(() -> start(file), pool)));
            futures.forEach((file, future) -> result.put(file, future.join()));
        } finally {
            pool.shutdown();
        }
        return result;
    }

    private void checkOpen(Path dir) {
        if (closed) {
            throw new PluginException(dir.toString(), "this PluginManager is closed");
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Builds a {@link PluginManager}; defaults: {@link RestartPolicy#DEFAULT},
     * {@link HealthCheckPolicy#DEFAULT}, {@link #DEFAULT_PARALLEL_STARTS}.
     */
    public static final class Builder {
        private final PluginClientConfig template;
        private RestartPolicy restartPolicy = RestartPolicy.DEFAULT;
        private HealthCheckPolicy healthChecks = HealthCheckPolicy.DEFAULT;
        private int parallelStarts = DEFAULT_PARALLEL_STARTS;

        private Builder(PluginClientConfig template) {
            this.template = Objects.requireNonNull(template, "template");
        }

        public Builder restartPolicy(RestartPolicy policy) {
            this.restartPolicy = Objects.requireNonNull(policy, "restartPolicy");
            return this;
        }

        public Builder healthChecks(HealthCheckPolicy policy) {
            this.healthChecks = Objects.requireNonNull(policy, "healthChecks");
            return this;
        }

        /**
         * Most plugins started at once, by a directory load and by restarts and reloads (each has
         * its own pool of this size); at least 1.
         */
        public Builder parallelStarts(int starts) {
            if (starts < 1) {
                throw new IllegalArgumentException("PluginManager parallelStarts must be at least 1, was " + starts);
            }
            this.parallelStarts = starts;
            return this;
        }

        public PluginManager build() {
            return new PluginManager(template, restartPolicy, healthChecks, parallelStarts);
        }
    }
}
