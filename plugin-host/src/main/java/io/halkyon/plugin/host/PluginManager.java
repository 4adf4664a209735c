package io.halkyon.plugin.host;

import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.api.PluginException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the plugins of a directory and keeps them: a {@link PluginHandle} per file and a
 * {@link PluginRegistry} over the running ones.
 *
 * <p>Every regular file whose name does not start with {@code .} is a plugin: a {@code .jar}
 * runs with the running JVM's {@code java}, an executable file is executed, anything else ends
 * FAILED ("not executable and not a .jar"). Files load in parallel on at most
 * {@value #MAX_PARALLEL_STARTS} threads; one bad file never stops the others.
 *
 * <p>{@link #watch} keeps a directory in step without restart: a new file is loaded, a removed
 * file's plugin is stopped, a changed file (size, modification time or identity) is reloaded,
 * each once the file has been the same for two polls. A plugin that exits unexpectedly is
 * relaunched as its {@link RestartPolicy} says; a file that failed to start is tried again only
 * when it changes. {@link #addRegistryListener} hears of every change of the set of running
 * plugins. Thread-safe.
 */
public final class PluginManager implements AutoCloseable {

    /** Most plugins started at once. */
    public static final int MAX_PARALLEL_STARTS = 4;
    private static final Logger log = LoggerFactory.getLogger(PluginManager.class);
    private static final AtomicInteger POOL_COUNTER = new AtomicInteger();

    private final PluginClientConfig template;
    private final RestartPolicy restartPolicy;
    private final PluginSlots slots;
    private final RegistryNotifier notifier = new RegistryNotifier();
    private volatile PluginRegistry registry = PluginRegistry.empty();
    private List<Plugin> published = List.of();
    private ScheduledExecutorService scheduler;
    private ExecutorService work;
    private boolean closed;

    /** A manager relaunching crashed plugins with {@link RestartPolicy#DEFAULT}. */
    public PluginManager(PluginClientConfig template) {
        this(template, RestartPolicy.DEFAULT);
    }

    /**
     * @param template      settings for every plugin (timeouts, cookie, network...); the name and
     *                      command are set per file
     * @param restartPolicy how plugins that exit unexpectedly are relaunched
     */
    public PluginManager(PluginClientConfig template, RestartPolicy restartPolicy) {
        this.template = Objects.requireNonNull(template, "template");
        this.restartPolicy = Objects.requireNonNull(restartPolicy, "restartPolicy");
        this.slots = new PluginSlots(this);
    }

    /**
     * Loads every plugin file in {@code dir}, in parallel, and waits until each is RUNNING or
     * FAILED. Files already loaded by this manager are not loaded again.
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
            scheduler().scheduleWithFixedDelay(() -> poll(watch), interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        log.info("watching plugin directory {} every {} ms", dir, interval.toMillis());
        return handles;
    }

    /** Every handle this manager holds, sorted by file name. */
    public synchronized List<PluginHandle> plugins() {
        return slots.handles();
    }

    /** The registry of the RUNNING plugins, first by file name winning duplicate claims. */
    public PluginRegistry registry() {
        return registry;
    }

    /**
     * Calls {@code listener} with the new registry after every change of the set of RUNNING
     * plugins (load, unload, reload, crash, relaunch), in order, on a thread of the manager's;
     * a listener should not block for long. Not called for the current registry (read
     * {@link #registry()}), nor when {@link #close()} stops everything.
     */
    public void addRegistryListener(Consumer<PluginRegistry> listener) {
        notifier.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeRegistryListener(Consumer<PluginRegistry> listener) {
        notifier.remove(listener);
    }

    /** Stops polling, waits for loads in progress, and stops every plugin in parallel, within their kill bound. */
    @Override
    public void close() {
        ExecutorService pendingWork;
        synchronized (this) {
            closed = true;
            if (scheduler != null) {
                scheduler.shutdownNow();
            }
            pendingWork = work;
        }
        long killBound = template.shutdownGrace().toMillis() + template.terminateGrace().toMillis() + 10_000;
        if (pendingWork != null) {
            pendingWork.shutdown();
            try {
                if (!pendingWork.awaitTermination(template.startTimeout().toMillis() + killBound, TimeUnit.MILLISECONDS)) {
                    log.warn("plugin loads still in progress while closing");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<PluginClient> clients;
        synchronized (this) {
            clients = slots.clients();
            registry = PluginRegistry.empty();
        }
        List<CompletableFuture<Void>> kills = clients.stream()
                .map(c -> CompletableFuture.runAsync(c::kill, r -> daemon("plugin-manager-stop-" + c.name(), r).start()))
                .toList();
        try {
            CompletableFuture.allOf(kills.toArray(CompletableFuture[]::new)).get(killBound, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("not every plugin stopped within {} ms: {}", killBound, e.toString());
        }
        notifier.shutdown();
    }

    // ---- used by PluginSlots (under this manager's lock unless said otherwise) ----

    /** Starts one plugin file; never throws. Not under the lock. */
    PluginHandle start(Path file, long generation) {
        String name = PluginFiles.nameOf(file);
        try {
            boolean jar = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar");
            if (!jar && !Files.isExecutable(file)) {
                throw new PluginException(name, "plugin file " + file + " is not executable and not a .jar");
            }
            PluginClientConfig config = template.toBuilder().executable(file).name(name).build();
            PluginClient client = PluginClient.start(config, change -> stateChanged(file, generation, change));
            log.info("plugin '{}' loaded from {}", name, file);
            return new PluginHandle(file, name, client, null);
        } catch (RuntimeException | Error e) {
            log.warn("plugin '{}' from {} failed to load: {}", name, file, e.getMessage());
            return new PluginHandle(file, name, null, e);
        }
    }

    RestartPolicy restartPolicy() {
        return restartPolicy;
    }

    boolean isClosed() {
        return closed;
    }

    void runWork(Runnable task) {
        if (work == null) {
            work = Executors.newFixedThreadPool(MAX_PARALLEL_STARTS,
                    r -> daemon("plugin-manager-work-" + POOL_COUNTER.incrementAndGet(), r));
        }
        work.execute(task);
    }

    void schedule(Runnable task, Duration delay) {
        scheduler().schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Rebuilds the registry from the RUNNING plugins and tells listeners when that set changed. */
    void rebuildRegistry() {
        Map<String, Plugin> bySource = new LinkedHashMap<>();
        for (PluginHandle h : slots.handles()) {
            h.plugin().filter(p -> h.state() == PluginState.RUNNING)
                    .ifPresent(p -> bySource.put("file " + h.file().getFileName(), p));
        }
        registry = PluginRegistry.build(bySource);
        List<Plugin> running = List.copyOf(bySource.values());
        if (!closed && !sameIdentities(running, published)) {
            published = running;
            log.info("plugin registry changed: {}", registry.describe());
            notifier.publish(registry);
        }
    }

    private void stateChanged(Path file, long generation, PluginStateChange change) {
        if (change.from() != PluginState.RUNNING) {
            return;
        }
        synchronized (this) {
            if (!closed) {
                rebuildRegistry();
                if (change.to() == PluginState.FAILED) {
                    slots.crashed(file, generation);
                }
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
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(files.size(), MAX_PARALLEL_STARTS),
                r -> daemon("plugin-manager-load-" + POOL_COUNTER.incrementAndGet(), r));
        try {
            Map<Path, CompletableFuture<PluginHandle>> futures = new LinkedHashMap<>();
            files.forEach((file, gen) -> futures.put(file, CompletableFuture.supplyAsync(() -> start(file, gen), pool)));
            futures.forEach((file, future) -> result.put(file, future.join()));
        } finally {
            pool.shutdown();
        }
        return result;
    }

    private ScheduledExecutorService scheduler() {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(
                    r -> daemon("plugin-manager-watch-" + POOL_COUNTER.incrementAndGet(), r));
        }
        return scheduler;
    }

    private void checkOpen(Path dir) {
        if (closed) {
            throw new PluginException(dir.toString(), "this PluginManager is closed");
        }
    }

    private static boolean sameIdentities(List<Plugin> a, List<Plugin> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }
}
