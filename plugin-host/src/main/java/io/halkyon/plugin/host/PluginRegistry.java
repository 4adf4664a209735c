package io.halkyon.plugin.host;

import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.api.PluginNotFoundException;
import io.halkyon.plugin.api.TypeInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which plugin provides each (category, type), matched case-insensitively. Immutable.
 *
 * <p>When two plugins claim the same pair, the first one (by file name, as a
 * {@link PluginManager} orders them) keeps it; each conflict is logged and listed by
 * {@link #conflicts()}.
 *
 * <p>A {@link PluginManager}'s registry lists every plugin that answered GetInfo and was not
 * unloaded, whatever its state: a plugin that is UNHEALTHY, RESTARTING or FAILED (crash loop)
 * stays listed through a proxy that is the same object across restarts, whose calls fail fast
 * (retryable while restarting, not once FAILED) instead of the lookup saying that no plugin
 * provides the type. {@link #stateOf} gives each plugin's state when the registry was built.
 */
public final class PluginRegistry {

    /** Most entries {@link #available()} lists, so a message stays short however much is loaded. */
    public static final int MAX_LISTED = 20;
    private static final Logger log = LoggerFactory.getLogger(PluginRegistry.class);

    private record Entry(String source, Plugin plugin, TypeInfo type) {
    }

    private final Map<String, Plugin> sources;
    private final Map<String, Entry> entries;
    private final List<String> conflicts;
    private final Map<Plugin, PluginState> states;

    private PluginRegistry(Map<String, Plugin> sources, Map<String, Entry> entries, List<String> conflicts,
                           Map<Plugin, PluginState> states) {
        this.sources = sources;
        this.entries = entries;
        this.conflicts = List.copyOf(conflicts);
        this.states = states;
    }

    /** A registry of these plugins (all taken as RUNNING); on a duplicate claim the earlier plugin in the list wins. */
    public static PluginRegistry of(List<? extends Plugin> plugins) {
        Map<String, Plugin> bySource = new LinkedHashMap<>();
        for (Plugin p : plugins) {
            bySource.put("entry #" + (bySource.size() + 1), p);
        }
        return build(bySource);
    }

    /** An empty registry. */
    public static PluginRegistry empty() {
        return new PluginRegistry(Map.of(), Map.of(), List.of(), Map.of());
    }

    /**
     * A registry of these plugins in this priority order, each keyed by a description of where it came
     * from (it appears in conflict messages, e.g. {@code remote plugin 'pg'}), in these states
     * (by identity; a plugin not in {@code states} is RUNNING).
     */
    public static PluginRegistry of(Map<String, ? extends Plugin> bySource, Map<Plugin, PluginState> states) {
        return build(new LinkedHashMap<>(bySource), states);
    }

    /**
     * One registry of several: the plugins of {@code registries} in that order, so a pair claimed in
     * an earlier one wins (local plugin files before remote plugins, say); each conflict is logged and
     * listed as for a single registry. A source described alike in two registries is kept once.
     */
    public static PluginRegistry merge(PluginRegistry... registries) {
        Map<String, Plugin> bySource = new LinkedHashMap<>();
        Map<Plugin, PluginState> states = new IdentityHashMap<>();
        for (PluginRegistry r : registries) {
            r.sources.forEach(bySource::putIfAbsent);
            states.putAll(r.states);
        }
        return build(bySource, states);
    }

    /** @param bySource plugins in priority order, keyed by a description of where each came from, all RUNNING */
    static PluginRegistry build(Map<String, Plugin> bySource) {
        Map<Plugin, PluginState> states = new IdentityHashMap<>();
        bySource.values().forEach(p -> states.put(p, PluginState.RUNNING));
        return build(bySource, states);
    }

    /**
     * @param bySource plugins in priority order, keyed by a description of where each came from
     * @param states   each plugin's state (by identity)
     */
    static PluginRegistry build(Map<String, Plugin> bySource, Map<Plugin, PluginState> states) {
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
        Map<Plugin, PluginState> stateCopy = new IdentityHashMap<>();
        bySource.values().forEach(p -> stateCopy.put(p, states.getOrDefault(p, PluginState.RUNNING)));
        return new PluginRegistry(Collections.unmodifiableMap(new LinkedHashMap<>(bySource)),
                Collections.unmodifiableMap(entries), conflicts, Collections.unmodifiableMap(stateCopy));
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
                    + available());
        }
        // TypeInfo documents an empty version list as "any version"; offers() alone would refuse.
        if (!e.type().versions().isEmpty() && !e.type().offers(version)) {
            throw new PluginNotFoundException(category, type, "plugin '" + e.plugin().name() + "' provides "
                    + e.plugin().category() + "/" + e.type().type() + " in versions " + e.type().versions()
                    + ", not version " + version);
        }
        return e.plugin();
    }

    /**
     * Every (category, type) with its plugin, as {@code category/type [versions] (plugin 'name')},
     * followed by the plugin's state unless RUNNING.
     */
    public List<String> describe() {
        return entries.values().stream().map(this::describeState).sorted().toList();
    }

    /**
     * What exists, for a message: the first {@value #MAX_LISTED} entries of {@link #describe()},
     * comma-separated, then how many more there are; {@code none} when empty.
     */
    public String available() {
        List<String> all = describe();
        if (all.isEmpty()) {
            return "none";
        }
        String listed = String.join(", ", all.subList(0, Math.min(all.size(), MAX_LISTED)));
        return all.size() > MAX_LISTED ? listed + " and " + (all.size() - MAX_LISTED) + " more" : listed;
    }

    /**
     * The state {@code plugin} was in when this registry was built (a manager builds a new one on
     * every change that matters to callers); empty when it is not in this registry.
     */
    public Optional<PluginState> stateOf(Plugin plugin) {
        return Optional.ofNullable(states.get(plugin));
    }

    /** The distinct plugins in this registry, in priority order (the first claim of a pair wins). */
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

    private static String describe(Entry e) {
        return e.plugin().category() + "/" + e.type().type() + " " + e.type().versions() + " (plugin '"
                + e.plugin().name() + "')";
    }

    private String describeState(Entry e) {
        PluginState state = states.getOrDefault(e.plugin(), PluginState.RUNNING);
        return describe(e) + (state == PluginState.RUNNING ? "" : " " + state);
    }

    private static String key(String category, String type) {
        return (category == null ? "" : category.toLowerCase(Locale.ROOT)) + "\u0000"
                + (type == null ? "" : type.toLowerCase(Locale.ROOT));
    }
}
