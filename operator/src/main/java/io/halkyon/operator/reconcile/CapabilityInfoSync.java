package io.halkyon.operator.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.halkyon.operator.crd.CapabilityInfo;
import io.halkyon.operator.crd.CapabilityInfoSpec;
import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.api.TypeInfo;
import io.halkyon.plugin.host.PluginRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the cluster's {@link CapabilityInfo} objects equal to what the loaded plugins offer:
 * creates, updates and deletes them at start and after every registry change. Syncs run one at
 * a time on their own thread, each reading the registry as it is then; a failed sync is logged
 * and tried again after {@value #RETRY_SECONDS} s.
 */
public final class CapabilityInfoSync implements AutoCloseable {

    static final int RETRY_SECONDS = 10;
    private static final Logger log = LoggerFactory.getLogger(CapabilityInfoSync.class);

    private final KubernetesClient client;
    private final PluginSource plugins;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "capability-info-sync");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean started;

    public CapabilityInfoSync(KubernetesClient client, PluginSource plugins) {
        this.client = client;
        this.plugins = plugins;
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

    /** Syncs now, in the calling thread. */
    public synchronized void syncNow() {
        Map<String, CapabilityInfoSpec> desired = desired(plugins.registry());
        var infos = client.resources(CapabilityInfo.class);
        Map<String, CapabilityInfo> existing = new LinkedHashMap<>();
        infos.list().getItems().forEach(i -> existing.put(i.getMetadata().getName(), i));
        desired.forEach((name, spec) -> {
            CapabilityInfo current = existing.remove(name);
            if (current == null) {
                infos.resource(CapabilityInfo.of(spec)).create();
                log.info("CapabilityInfo {} created: {}", name, spec);
            } else if (!Objects.equals(current.getSpec(), spec)) {
                current.setSpec(spec);
                infos.resource(current).update();
                log.info("CapabilityInfo {} updated: {}", name, spec);
            }
        });
        existing.values().forEach(stale -> {
            infos.resource(stale).delete();
            log.info("CapabilityInfo {} deleted: no loaded plugin provides it any more", stale.getMetadata().getName());
        });
    }

    /** What the registry offers, by CapabilityInfo name. */
    public static Map<String, CapabilityInfoSpec> desired(PluginRegistry registry) {
        Map<String, CapabilityInfoSpec> desired = new LinkedHashMap<>();
        for (Plugin plugin : registry.plugins()) {
            for (TypeInfo type : plugin.types()) {
                // Only the (category, type) pairs this plugin won: a duplicate claim is ignored by the registry.
                if (registry.find(plugin.category(), type.type()).filter(p -> p == plugin).isPresent()) {
                    desired.put(CapabilityInfo.nameFor(plugin.category(), type.type()), new CapabilityInfoSpec(
                            plugin.category(), type.type(), type.versions(), plugin.name(), plugin.version()));
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
                    log.warn("CapabilityInfo sync failed, trying again in {} s: {}", RETRY_SECONDS, e.toString());
                    if (started) {
                        submit(Duration.ofSeconds(RETRY_SECONDS));
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
