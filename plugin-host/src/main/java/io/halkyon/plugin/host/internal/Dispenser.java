package io.halkyon.plugin.host.internal;

import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.PluginNotFoundException;
import io.halkyon.plugin.host.PluginConnection;
import io.halkyon.plugin.host.PluginKind;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * go-plugin's Dispense: looks a kind up in the plugin set of the negotiated version, makes its
 * client once over a connection and caches it. The one place that decides what "no such kind"
 * says.
 */
public final class Dispenser {

    private final String pluginName;
    private final Map<Integer, Map<String, PluginKind<?>>> sets;
    private final Map<String, Object> made = new ConcurrentHashMap<>();

    public Dispenser(String pluginName, Map<Integer, Map<String, PluginKind<?>>> sets) {
        this.pluginName = pluginName;
        this.sets = sets;
    }

    /** Whether the set of {@code version} has {@code kind}. */
    public boolean has(int version, String kind) {
        return sets.getOrDefault(version, Map.of()).containsKey(kind);
    }

    public <T> T dispense(String kind, Class<T> type, PluginConnection connection) {
        int version = connection.appVersion();
        Object client = made.get(kind);
        if (client == null) {
            PluginKind<?> factory = sets.getOrDefault(version, Map.of()).get(kind);
            if (factory == null) {
                throw new PluginNotFoundException(pluginName, "plugin '" + pluginName + "': no plugin kind '" + kind
                        + "' for app protocol version " + version + describeSets());
            }
            // Not computeIfAbsent: a kind may call the plugin, which must not happen under the map's lock.
            Object fresh = factory.client(connection);
            if (fresh == null) {
                throw new PluginException(pluginName, "plugin '" + pluginName + "': kind '" + kind
                        + "' made a null client");
            }
            Object raced = made.putIfAbsent(kind, fresh);
            client = raced == null ? fresh : raced;
        }
        if (!type.isInstance(client)) {
            throw new PluginException(pluginName, "plugin '" + pluginName + "': kind '" + kind + "' makes "
                    + client.getClass().getName() + ", not " + type.getName());
        }
        return type.cast(client);
    }

    private String describeSets() {
        if (sets.isEmpty()) {
            return "; this host has no plugin sets";
        }
        StringBuilder sb = new StringBuilder("; this host's plugin sets:");
        sets.forEach((v, set) -> sb.append(" version ").append(v).append(' ').append(set.keySet()));
        return sb.toString();
    }
}
