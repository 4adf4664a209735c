package io.halkyon.plugin.host;

import io.halkyon.plugin.api.CapabilitySpec;
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
 * Which plugin provides each (category, type), matched case-insensitively, and which plugin
 * serves a Capability ({@link #resolve(String, String, String)}, where that rule is written).
 * Immutable.
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

    /**
     * The plugin claiming this category and type, whatever the version: {@link #resolve} with no
     * version.
     */
    public Optional<Plugin> find(String category, String type) {
        return Optional.ofNullable(resolve(category, type, null).plugin());
    }

    /**
     * The plugin serving this category, type and version: {@link #resolve}'s plugin.
     *
     * @throws PluginNotFoundException with {@link #resolve}'s failure as its message
     */
    public Plugin require(String category, String type, String version) {
        Resolution resolution = resolve(category, type, version);
        if (!resolution.found()) {
            throw new PluginNotFoundException(category, type, resolution.failure());
        }
        return resolution.plugin();
    }

    /** Which plugin serves a Capability of this spec: {@link #resolve(String, String, String)} of its fields. */
    public Resolution resolve(CapabilitySpec spec) {
        return spec == null ? resolve(null, null, null)
                : resolve(spec.getCategory(), spec.getType(), spec.getVersion());
    }

    /**
     * Which plugin serves a Capability of this category, type and version, or why none does. This
     * is the one place that decides it; the reconciler, {@code render}, the cleanup of a deleted
     * Capability and the reaction to registry changes all ask here. The rule:
     * <ul>
     *   <li>category and type are required (not blank), and are matched ignoring case;</li>
     *   <li>a null or empty version matches any version;</li>
     *   <li>any other version must be one the plugin lists for the type, matched exactly as
     *       written (case and spaces count: {@code " 16"} is not {@code "16"}), since the plugin
     *       receives the Capability as written and may use its version as is (an image tag...);
     *       a type that lists no versions serves any;</li>
     *   <li>nothing is trimmed: a category, type or version with spaces around it is not found,
     *       and the failure says so.</li>
     * </ul>
     * When two plugins claim a pair, the first claim is kept (see the class comment).
     */
    public Resolution resolve(String category, String type, String version) {
        if (blank(category) || blank(type)) {
            return Resolution.notFound("spec.category and spec.type are required (got category '"
                    + nullToEmpty(category) + "', type '" + nullToEmpty(type) + "')");
        }
        String wanted = "category '" + category + "', type '" + type + "'"
                + (version == null || version.isEmpty() ? "" : ", version '" + version + "'");
        Entry e = entries.get(key(category, type));
        if (e == null) {
            return Resolution.notFound("no plugin provides " + wanted + spaces(category, type, null)
                    + "; available: " + available());
        }
        List<String> versions = e.type().versions();
        if (version == null || version.isEmpty() || versions.isEmpty() || versions.contains(version)) {
            return Resolution.found(e.plugin());
        }
        return Resolution.notFound("no plugin provides " + wanted + spaces(null, null, version) + ": plugin '"
                + e.plugin().name() + "' provides " + e.plugin().category() + "/" + e.type().type()
                + " in versions " + String.join(", ", versions) + " only");
    }

    /** A hint when a value that did not match has spaces around it: nothing is trimmed. */
    private static String spaces(String category, String type, String version) {
        List<String> fields = new ArrayList<>();
        for (String[] field : new String[][] {{"category", category}, {"type", type}, {"version", version}}) {
            if (field[1] != null && !field[1].equals(field[1].strip())) {
                fields.add(field[0]);
            }
        }
        return fields.isEmpty() ? "" : " (the " + String.join(" and ", fields)
                + (fields.size() == 1 ? " has spaces around it" : " have spaces around them")
                + "; values are matched as written)";
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

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String key(String category, String type) {
        return (category == null ? "" : category.toLowerCase(Locale.ROOT)) + "\u0000"
                + (type == null ? "" : type.toLowerCase(Locale.ROOT));
    }
}
