package io.halkyon.plugin.host;

import io.halkyon.plugin.api.Plugin;
import java.util.Objects;

/**
 * Which plugin serves a Capability, or why none does: what {@link PluginRegistry#resolve} answers.
 * The rule itself is written once, in {@link PluginRegistry#resolve(String, String, String)}.
 *
 * @param plugin  the plugin, or {@code null} when none serves it
 * @param failure why none serves it: names category, type, version and what exists (at most
 *                {@link PluginRegistry#MAX_LISTED} entries of it); {@code null} when found
 */
public record Resolution(Plugin plugin, String failure) {

    public Resolution {
        if ((plugin == null) == (failure == null)) {
            throw new IllegalArgumentException("a Resolution has either a plugin or a failure");
        }
    }

    /** Found: {@code plugin} serves it. */
    public static Resolution found(Plugin plugin) {
        return new Resolution(Objects.requireNonNull(plugin, "plugin"), null);
    }

    /** Not found, for this reason. */
    public static Resolution notFound(String failure) {
        return new Resolution(null, Objects.requireNonNull(failure, "failure"));
    }

    /** Whether a plugin serves it. */
    public boolean found() {
        return plugin != null;
    }
}
