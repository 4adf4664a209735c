package io.halkyon.operator.reconcile;

import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.halkyon.operator.crd.CapabilityInfo;
import io.halkyon.operator.crd.CapabilityInfoSpec;
import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.api.TypeInfo;
import io.halkyon.plugin.host.PluginRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the cluster's {@link CapabilityInfo} objects equal to what the loaded plugins offer:
 * creates, updates and deletes them at start and after every registry change. Syncs run one at
 * a time on their own thread, each reading the registry as it is then.
 *
 * <p>Each object is written on its own: one the API server refuses never keeps the others from
 * being written; it is logged naming the object and its plugin, and the sync is tried again after
 * {@link #RETRY} (so is a sync that cannot even list the objects). A (category, type) that cannot
 * name an object, or whose name another pair already took, gets none, and a warning naming the plugin.
 */
public final class CapabilityInfoSync implements AutoCloseable {

    /** The wait before a sync that failed, in whole or for some objects, is tried again. */
    static final Duration RETRY = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(CapabilityInfoSync.class);

    private final KubernetesClient client;
    private final PluginSource plugins;
    private final Duration retry;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "capability-info-sync");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean started;

    public CapabilityInfoSync(KubernetesClient client, PluginSource plugins) {
        this(client, plugins, RETRY);
    }

    CapabilityInfoSync(KubernetesClient client, PluginSource plugins, Duration retry) {
        this.client = client;
        this.plugins = plugins;
        this.retry = retry;
        plugins.addRegistryListener(registry -> {
            if (started) {
                submit(Duration.ZERO);
            }
        });
    }

    /** Syncs now and after every registry change from now on. */
    public void start() {
        started = true;
        submit(Duration.ZERO);
    }

    /**
     * Syncs now, in the calling thread: every object is tried, whatever happens to the others.
     *
     * @throws IllegalStateException naming the objects not written, once every other one was
     * @throws io.fabric8.kubernetes.client.KubernetesClientException when the objects cannot be listed
     */
    public synchronized void syncNow() {
        Map<String, CapabilityInfoSpec> desired = desired(plugins);
        var infos = client.resources(CapabilityInfo.class);
        Map<String, CapabilityInfo> existing = new LinkedHashMap<>();
        infos.list().getItems().forEach(i -> existing.put(i.getMetadata().getName(), i));
        List<String> failed = new ArrayList<>();
        desired.forEach((name, spec) -> {
            CapabilityInfo current = existing.remove(name);
            attempt(failed, name, spec.getPlugin(), () -> write(infos, name, spec, current));
        });
        existing.values().forEach(stale -> attempt(failed, stale.getMetadata().getName(),
                stale.getSpec() == null ? null : stale.getSpec().getPlugin(), () -> {
                    infos.resource(stale).delete();
                    log.info("CapabilityInfo {} deleted: no loaded plugin provides it any more",
                            stale.getMetadata().getName());
                }));
        if (!failed.isEmpty()) {
            throw new IllegalStateException(failed.size() + " CapabilityInfo(s) not written: "
                    + String.join(", ", failed));
        }
    }

    private static void write(MixedOperation<CapabilityInfo, ? extends KubernetesResourceList<CapabilityInfo>,
            Resource<CapabilityInfo>> infos, String name, CapabilityInfoSpec spec, CapabilityInfo current) {
        if (current == null) {
            infos.resource(CapabilityInfo.of(spec)).create();
            log.info("CapabilityInfo {} created: {}", name, spec);
        } else if (!Objects.equals(current.getSpec(), spec)) {
            current.setSpec(spec);
            infos.resource(current).update();
            log.info("CapabilityInfo {} updated: {}", name, spec);
        }
    }

    /** Runs one object's write; a failure is logged and recorded, not thrown. */
    private void attempt(List<String> failed, String name, String plugin, Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            failed.add(name);
            log.warn("CapabilityInfo {} of plugin '{}' not written, tried again in {} ms: {}", name, plugin,
                    retry.toMillis(), e.getMessage());
        }
    }

    /**
     * What the registry offers, by CapabilityInfo name: the (category, type) pairs each plugin won
     * (a duplicate claim is ignored by the registry), first one first for a name two pairs share.
     */
    public static Map<String, CapabilityInfoSpec> desired(PluginSource source) {
        PluginRegistry registry = source.registry();
        Map<String, CapabilityInfoSpec> desired = new LinkedHashMap<>();
        for (Plugin plugin : registry.plugins()) {
            for (TypeInfo type : plugin.types()) {
                if (registry.find(plugin.category(), type.type()).filter(p -> p == plugin).isEmpty()) {
                    continue;
                }
                String name;
                try {
                    name = CapabilityInfo.nameFor(plugin.category(), type.type());
                } catch (IllegalArgumentException e) {
                    log.warn("plugin '{}': a type gets no CapabilityInfo: {}", plugin.name(), e.getMessage());
                    continue;
                }
                CapabilityInfoSpec spec = new CapabilityInfoSpec(plugin.category(), type.type(), type.versions(),
                        plugin.name(), plugin.version());
                source.remote(plugin).ifPresent(r -> spec.remote(r.connectionCount(), r.connections().stream()
                        .map(c -> c.identity().username()).distinct().sorted().toList()));
                CapabilityInfoSpec taken = desired.putIfAbsent(name, spec);
                if (taken != null) {
                    log.warn("plugin '{}': {}/{} gets no CapabilityInfo: {} is already {}", plugin.name(),
                            plugin.category(), type.type(), name, taken);
                }
            }
        }
        return desired;
    }

    private void submit(Duration delay) {
        try {
            executor.schedule(() -> {
                try {
                    syncNow();
                } catch (RuntimeException e) {
                    log.warn("CapabilityInfo sync incomplete, trying again in {} ms: {}", retry.toMillis(),
                            e.getMessage());
                    if (started) {
                        submit(retry);
                    }
                }
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("CapabilityInfo sync after close ignored");
        }
    }

    @Override
    public void close() {
        started = false;
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
