package io.halkyon.plugin.host;

import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.api.TypeInfo;
import io.halkyon.plugin.host.internal.Notifier;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link PluginManager}'s registry: rebuilt from its handles after every change, announced to
 * listeners only when what callers see changed (a plugin's identity, availability, category,
 * types or version), so restarts that change nothing for callers do not cause reconciliations.
 * Rebuilt under the manager's lock.
 */
final class RegistryPublisher {

    private static final Logger log = LoggerFactory.getLogger(RegistryPublisher.class);

    /** What a registry listener cares about for one plugin. */
    private record Published(Plugin plugin, String availability, String category, List<TypeInfo> types,
                             String version) {
    }

    private final Notifier<PluginRegistry> notifier = new Notifier<>("plugin-manager-registry");
    private volatile PluginRegistry registry = PluginRegistry.empty();
    private List<Published> published = List.of();

    PluginRegistry registry() {
        return registry;
    }

    void addListener(Consumer<PluginRegistry> listener) {
        notifier.add(listener);
    }

    void removeListener(Consumer<PluginRegistry> listener) {
        notifier.remove(listener);
    }

    /**
     * @param handles the manager's handles in priority order (by file name)
     * @param notify  false once the manager is closing: rebuild quietly
     */
    void rebuild(List<PluginHandle> handles, boolean notify) {
        Map<String, Plugin> bySource = new LinkedHashMap<>();
        Map<Plugin, PluginState> states = new IdentityHashMap<>();
        List<Published> now = new ArrayList<>();
        for (PluginHandle h : handles) {
            PluginState state = h.state();
            if (state == PluginState.STOPPING || state == PluginState.STOPPED) {
                continue;
            }
            h.plugin().ifPresent(p -> {
                bySource.put("file " + h.file().getFileName(), p);
                states.put(p, state);
                now.add(new Published(p, availability(state), p.category(), p.types(), p.version()));
            });
        }
        registry = PluginRegistry.build(bySource, states);
        if (notify && !now.equals(published)) {
            published = now;
            log.info("plugin registry changed: {}", registry.describe());
            notifier.publish(registry);
        }
    }

    /** On close: empty, and no more announcements. */
    void close() {
        registry = PluginRegistry.empty();
        notifier.shutdown();
    }

    private static String availability(PluginState state) {
        return switch (state) {
            case RUNNING -> "running";
            case FAILED -> "failed";
            default -> "restarting";
        };
    }
}
