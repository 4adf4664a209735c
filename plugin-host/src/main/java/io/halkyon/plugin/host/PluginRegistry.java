package io.halkyon.plugin.host;

import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.api.PluginNotFoundException;
import io.halkyon.plugin.api.TypeInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which plugin provides each (category, type), matched case-insensitively. Immutable.
 *
 * <p>When two plugins claim the same pair, the first one (by file name, as a
 * {@link PluginManager} orders them) keeps it; each conflict is logged and listed by
 * {@link #conflicts()}.
 */
public final class PluginRegistry {

    private static final Logger log = LoggerFactory.getLogger(PluginRegistry.class);

    private record Entry(String source, Plugin plugin, TypeInfo type) {
    }

    private final Map<String, Entry> entries;
    private final List<String> conflicts;

    private PluginRegistry(Map<String, Entry> entries, List<String> conflicts) {
        this.entries = entries;
        this.conflicts = List.copyOf(conflicts);
    }

    /** A registry of these plugins; on a duplicate claim the earlier plugin in the list wins. */
    public static PluginRegistry of(List<? extends Plugin> plugins) {
        Map<String, Plugin> bySource = new LinkedHashMap<>();
        for (Plugin p : plugins) {
            bySource.put("entry #" + (bySource.size() + 1), p);
        }
        return build(bySource);
    }

    /** An empty registry. */
    public static PluginRegistry empty() {
        return new PluginRegistry(Map.of(), List.of());
    }

    /** @param bySource plugins in priority order, keyed by a description of where each came from */
    static PluginRegistry build(Map<String, Plugin> bySource) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        List<String> conflicts = new ArrayList<>();
        bySource.forEach((source, plugin) -> {
            for (TypeInfo type : plugin.types()) {
                String key = key(plugin.category(), type.type());
                Entry first = entries.get(key);
                if (first == null) {
                    entries.put(key, new Entry(source, plugin, type));
                } else {
                    String conflict = plugin.category() + "/" + type.type() + " is provided by " + first.source()
                            + " (plugin '" + first.plugin().name() + "', kept) and by " + source + " (plugin '"
                            + plugin.name() + "', ignored)";
                    log.warn("duplicate plugin claim: {}", conflict);
                    conflicts.add(conflict);
                }
            }
        });
        return new PluginRegistry(Map.copyOf(entries), conflicts);
    }

    /** The plugin providing this category and type, ignoring case. */
    public Optional<Plugin> find(String category, String type) {
        Entry e = entries.get(key(category, type));
        return e == null ? Optional.empty() : Optional.of(e.plugin());
    }

    /**
     * The plugin providing this category and type in this version. An empty or null version
     * matches any; a type that lists no versions offers any.
     *
     * @throws PluginNotFoundException naming category, type and version, and what exists instead
     */
    public Plugin require(String category, String type, String version) {
        Entry e = entries.get(key(category, type));
        String wanted = category + "/" + type + (version == null || version.isEmpty() ? "" : " version " + version);
        if (e == null) {
            throw new PluginNotFoundException(category, type, "no plugin provides " + wanted + "; available: "
                    + (entries.isEmpty() ? "none" : describeAll()));
        }
        // TypeInfo documents an empty version list as "any version"; offers() alone would refuse.
        if (!e.type().versions().isEmpty() && !e.type().offers(version)) {
            throw new PluginNotFoundException(category, type, "plugin '" + e.plugin().name() + "' provides "
                    + e.plugin().category() + "/" + e.type().type() + " in versions " + e.type().versions()
                    + ", not version " + version);
        }
        return e.plugin();
    }

    /** Every (category, type) with its plugin, as {@code category/type [versions] (plugin 'name')}. */
    public List<String> describe() {
        return entries.values().stream().map(PluginRegistry::describe).sorted().toList();
    }

    /** The distinct plugins in this registry. */
    public List<Plugin> plugins() {
        return entries.values().stream().map(Entry::plugin).distinct().toList();
    }

    /** Human-readable duplicate claims; empty when there were none. */
    public List<String> conflicts() {
        return conflicts;
    }

    @Override
    public String toString() {
        return "PluginRegistry" + describe();
    }

    private String describeAll() {
        return entries.values().stream().map(PluginRegistry::describe).sorted().collect(Collectors.joining(", "));
    }

    private static String describe(Entry e) {
        return e.plugin().category() + "/" + e.type().type() + " " + e.type().versions() + " (plugin '"
                + e.plugin().name() + "')";
    }

    private static String key(String category, String type) {
        return (category == null ? "" : category.toLowerCase(Locale.ROOT)) + "\u0000"
                + (type == null ? "" : type.toLowerCase(Locale.ROOT));
    }
}
