package io.halkyon.plugin.host;

import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.api.PluginException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads every plugin of a directory and keeps them: a {@link PluginHandle} per file and a
 * {@link PluginRegistry} over the running ones.
 *
 * <p>Every regular file whose name does not start with {@code .} is a plugin: a {@code .jar}
 * runs with the running JVM's {@code java}, an executable file is executed, anything else ends
 * FAILED ("not executable and not a .jar"). Files load in parallel on at most
 * {@value #MAX_PARALLEL_STARTS} threads; one bad file never stops the others. Thread-safe.
 */
public final class PluginManager implements AutoCloseable {

    /** Most plugins started at once. */
    public static final int MAX_PARALLEL_STARTS = 4;
    private static final Logger log = LoggerFactory.getLogger(PluginManager.class);
    private static final AtomicInteger POOL_COUNTER = new AtomicInteger();

    private final PluginClientConfig template;
    private final Map<Path, PluginHandle> handles = new LinkedHashMap<>();
    private volatile PluginRegistry registry = PluginRegistry.empty();
    private boolean closed;

    /**
     * @param template settings for every plugin (timeouts, cookie, network...); the name and
     *                 command are set per file
     */
    public PluginManager(PluginClientConfig template) {
        this.template = Objects.requireNonNull(template, "template");
    }

    /**
     * Loads every plugin file in {@code dir}, in parallel, and waits until each is RUNNING or
     * FAILED. Files already loaded by this manager are not loaded again.
     *
     * @return the handles of the directory's plugin files, sorted by file name
     * @throws PluginException only when the directory itself cannot be read (it names the directory)
     */
    public List<PluginHandle> loadDirectory(Path dir) {
        List<Path> files = listPluginFiles(dir);
        List<Path> toLoad;
        synchronized (this) {
            if (closed) {
                throw new PluginException(dir.toString(), "this PluginManager is closed");
            }
            toLoad = files.stream().filter(f -> !handles.containsKey(f)).toList();
        }
        log.info("loading {} plugin(s) from {}", toLoad.size(), dir);
        Map<Path, PluginHandle> loaded = loadAll(toLoad);
        synchronized (this) {
            handles.putAll(loaded);
            rebuildRegistry();
            return files.stream().map(handles::get).toList();
        }
    }

    /** Every handle this manager holds, sorted by file name. */
    public synchronized List<PluginHandle> plugins() {
        return sorted(handles.values().stream());
    }

    /** The registry of the plugins that started, first by file name winning duplicate claims. */
    public PluginRegistry registry() {
        return registry;
    }

    /** Stops every plugin, in parallel; returns within the plugins' kill bound. */
    @Override
    public void close() {
        List<PluginClient> clients;
        synchronized (this) {
            closed = true;
            clients = handles.values().stream().flatMap(h -> h.client().stream()).toList();
        }
        List<CompletableFuture<Void>> kills = new ArrayList<>();
        for (PluginClient client : clients) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    client.kill();
                } finally {
                    done.complete(null);
                }
            }, "plugin-manager-stop-" + client.name());
            t.setDaemon(true);
            t.start();
            kills.add(done);
        }
        long bound = template.shutdownGrace().toMillis() + template.terminateGrace().toMillis() + 10_000;
        try {
            CompletableFuture.allOf(kills.toArray(CompletableFuture[]::new)).get(bound, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("not every plugin stopped within {} ms: {}", bound, e.toString());
        }
    }

    private Map<Path, PluginHandle> loadAll(List<Path> files) {
        Map<Path, PluginHandle> result = new LinkedHashMap<>();
        if (files.isEmpty()) {
            return result;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(files.size(), MAX_PARALLEL_STARTS), r -> {
            Thread t = new Thread(r, "plugin-manager-load-" + POOL_COUNTER.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            Map<Path, CompletableFuture<PluginHandle>> futures = new LinkedHashMap<>();
            for (Path file : files) {
                futures.put(file, CompletableFuture.supplyAsync(() -> load(file), pool));
            }
            futures.forEach((file, future) -> result.put(file, future.join()));
        } finally {
            pool.shutdown();
        }
        return result;
    }

    private PluginHandle load(Path file) {
        String name = nameOf(file);
        try {
            boolean jar = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar");
            if (!jar && !Files.isExecutable(file)) {
                throw new PluginException(name, "plugin file " + file + " is not executable and not a .jar");
            }
            PluginClientConfig config = template.toBuilder().executable(file).name(name).build();
            PluginClient client = PluginClient.start(config);
            log.info("plugin '{}' loaded from {}", name, file);
            return new PluginHandle(file, name, client, null);
        } catch (RuntimeException | Error e) {
            log.warn("plugin '{}' from {} failed to load: {}", name, file, e.getMessage());
            return new PluginHandle(file, name, null, e);
        }
    }

    private void rebuildRegistry() {
        Map<String, Plugin> bySource = new LinkedHashMap<>();
        for (PluginHandle h : sorted(handles.values().stream())) {
            h.plugin().filter(p -> h.state() == PluginState.RUNNING)
                    .ifPresent(p -> bySource.put("file " + h.file().getFileName(), p));
        }
        registry = PluginRegistry.build(bySource);
    }

    private static List<Path> listPluginFiles(Path dir) {
        Objects.requireNonNull(dir, "dir");
        if (!Files.isDirectory(dir)) {
            throw new PluginException(dir.toString(), "plugin directory " + dir
                    + (Files.exists(dir) ? " is not a directory" : " does not exist"));
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.toAbsolutePath().normalize())
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException | RuntimeException e) {
            throw new PluginException(dir.toString(), "cannot read plugin directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String nameOf(Path file) {
        String fileName = file.getFileName().toString();
        return fileName.toLowerCase(Locale.ROOT).endsWith(".jar") ? fileName.substring(0, fileName.length() - 4)
                : fileName;
    }

    private static List<PluginHandle> sorted(Stream<PluginHandle> handles) {
        return handles.sorted(Comparator.comparing(h -> h.file().getFileName().toString())).toList();
    }
}
