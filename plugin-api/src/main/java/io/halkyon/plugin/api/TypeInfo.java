package io.halkyon.plugin.api;

import java.util.List;
import java.util.Objects;

/**
 * A type a plugin provides within its category, with the versions it offers
 * (for example {@code postgres} with {@code 13, 14, 15, 16}).
 *
 * @param type     the type name, matched case-insensitively; never blank
 * @param versions the offered versions, in the plugin's order; may be empty (any version); which
 *                 Capability a version serves is decided by the host's registry ({@code PluginRegistry.resolve})
 */
public record TypeInfo(String type, List<String> versions) {

    public TypeInfo {
        Objects.requireNonNull(type, "type");
        if (type.isBlank()) {
            throw new IllegalArgumentException("TypeInfo.type must not be blank");
        }
        versions = versions == null ? List.of() : List.copyOf(versions);
    }

    public static TypeInfo of(String type, String... versions) {
        return new TypeInfo(type, List.of(versions));
    }

    /** Whether this type has the given name, ignoring case. */
    public boolean hasName(String name) {
        return type.equalsIgnoreCase(name);
    }
}
