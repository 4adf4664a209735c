package io.halkyon.operator.reconcile;

import io.halkyon.plugin.api.CapabilitySpec;
import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.api.TypeInfo;
import io.halkyon.plugin.host.PluginRegistry;
import java.util.Optional;

/**
 * Which plugin serves a Capability's category/type/version in a registry, or why none does.
 * Category and type match case-insensitively; an empty version matches any; otherwise the
 * version must be one the plugin lists (a type listing no versions serves any).
 *
 * @param plugin  the plugin, or {@code null} when none serves it
 * @param failure why none serves it (names category, type, version and what exists, at most
 *                {@link PluginRegistry#MAX_LISTED} entries of it); null when found
 */
public record Resolution(Plugin plugin, String failure) {

    /** Resolves {@code spec} against {@code registry}. */
    public static Resolution of(PluginRegistry registry, CapabilitySpec spec) {
        CapabilitySpec s = spec == null ? new CapabilitySpec() : spec;
        String category = s.getCategory();
        String type = s.getType();
        String version = s.getVersion();
        if (blank(category) || blank(type)) {
            return new Resolution(null, "spec.category and spec.type are required (got category '"
                    + nullToEmpty(category) + "', type '" + nullToEmpty(type) + "')");
        }
        Optional<Plugin> found = registry.find(category, type);
        String wanted = "category '" + category + "', type '" + type + "'"
                + (blank(version) ? "" : ", version '" + version + "'");
        if (found.isEmpty()) {
            return new Resolution(null, "no plugin provides " + wanted + "; available: " + registry.available());
        }
        Plugin plugin = found.get();
        TypeInfo info = plugin.types().stream().filter(t -> t.hasName(type)).findFirst().orElse(null);
        if (info == null || blank(version) || info.versions().isEmpty() || info.versions().contains(version.trim())) {
            return new Resolution(plugin, null);
        }
        return new Resolution(null, "no plugin provides " + wanted + ": plugin '" + plugin.name() + "' provides "
                + plugin.category() + "/" + info.type() + " in versions " + String.join(", ", info.versions()) + " only");
    }

    public boolean found() {
        return plugin != null;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
