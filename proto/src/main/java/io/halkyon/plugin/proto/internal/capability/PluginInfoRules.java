package io.halkyon.plugin.proto.internal.capability;

import io.halkyon.plugin.api.KubernetesNames;
import io.halkyon.plugin.proto.capability.v1.PluginInfo;
import io.halkyon.plugin.proto.capability.v1.TypeInfo;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a Capability plugin may say about itself in GetInfo, the only place these bounds are
 * set. What it says becomes object names ({@code CapabilityInfo} {@code <category>-<type>}),
 * status messages and log lines, so it is held to what the Kubernetes API server accepts and to
 * counts that keep those small:
 * <ul>
 *   <li>{@code category} and each {@code types[i].type}: required, a DNS-1123 label once
 *       lower-cased (at most 63 characters of {@code a-z}, {@code 0-9} and {@code -}, starting and
 *       ending with a letter or digit); matching ignores case, and the CapabilityInfo name is in
 *       lower case. No two types of a plugin may differ only in case;</li>
 *   <li>at least one and at most {@value #MAX_TYPES} types;</li>
 *   <li>at most {@value #MAX_VERSIONS} {@code versions} per type, each a non-empty Kubernetes
 *       label value (at most 63 characters of letters, digits, {@code -}, {@code _} and {@code .},
 *       starting and ending with a letter or digit);</li>
 *   <li>{@code name} and {@code version} of the plugin: optional, at most {@value #MAX_TEXT_LENGTH}
 *       characters, without control characters (they appear in messages and log lines).</li>
 * </ul>
 */
public final class PluginInfoRules {

    /** Most types one plugin may provide. */
    public static final int MAX_TYPES = 64;
    /** Most versions one type may list. */
    public static final int MAX_VERSIONS = 32;
    /** Longest plugin name or plugin version, in characters. */
    public static final int MAX_TEXT_LENGTH = 63;

    private PluginInfoRules() {
    }

    /**
     * The first problem with {@code info}, as {@code <what it returned>; expected <what>} naming
     * the field (e.g. {@code types[3].versions[0]}); empty when it keeps every bound.
     */
    public static Optional<String> problem(PluginInfo info) {
        Optional<String> text = text("name", info.getName()).or(() -> text("version", info.getVersion()));
        if (text.isPresent()) {
            return text;
        }
        if (info.getCategory().isEmpty()) {
            return Optional.of("an empty category");
        }
        Optional<String> category = name("category", info.getCategory());
        if (category.isPresent()) {
            return category;
        }
        if (info.getTypesCount() == 0) {
            return Optional.of("no types for category '" + info.getCategory() + "'");
        }
        if (info.getTypesCount() > MAX_TYPES) {
            return Optional.of(info.getTypesCount() + " types; expected at most " + MAX_TYPES + " per plugin");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < info.getTypesCount(); i++) {
            Optional<String> problem = type("types[" + i + "]", info.getTypes(i));
            if (problem.isPresent()) {
                return problem;
            }
            Integer earlier = seen.putIfAbsent(info.getTypes(i).getType().toLowerCase(Locale.ROOT), i);
            if (earlier != null) {
                return Optional.of("types[" + i + "].type '" + info.getTypes(i).getType() + "' again (types[" + earlier
                        + "]); expected each type once, ignoring case");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> type(String field, TypeInfo type) {
        Optional<String> name = name(field + ".type", type.getType());
        if (name.isPresent()) {
            return name;
        }
        if (type.getVersionsCount() > MAX_VERSIONS) {
            return Optional.of(type.getVersionsCount() + " versions in " + field + " '" + type.getType()
                    + "'; expected at most " + MAX_VERSIONS + " per type");
        }
        for (int v = 0; v < type.getVersionsCount(); v++) {
            String version = field + ".versions[" + v + "]";
            Optional<String> problem = type.getVersions(v).isEmpty()
                    ? Optional.of(version + ": Required value")
                    : KubernetesNames.checkLabelValue(version, type.getVersions(v));
            if (problem.isPresent()) {
                return Optional.of("an invalid version: " + problem.get());
            }
        }
        return Optional.empty();
    }

    /** A category or type: a DNS-1123 label once lower-cased, since it names a CapabilityInfo. */
    private static Optional<String> name(String field, String value) {
        return KubernetesNames.checkLabel(field, value.toLowerCase(Locale.ROOT)).map(problem -> "an invalid "
                + (field.equals("category") ? "category" : "type") + " (in lower case, it names CapabilityInfo"
                + " objects): " + problem);
    }

    /**
     * The problem with a short text a plugin sends that ends up in status messages and log lines
     * (its name and version here, a dependent's {@code type_name}): more than
     * {@value #MAX_TEXT_LENGTH} characters, or control characters; empty when it has none.
     */
    public static Optional<String> text(String field, String value) {
        if (value.length() > MAX_TEXT_LENGTH) {
            return Optional.of("a " + field + " of " + value.length() + " characters; expected at most "
                    + MAX_TEXT_LENGTH);
        }
        return value.chars().anyMatch(Character::isISOControl)
                ? Optional.of("a " + field + " with control characters; expected one line of text") : Optional.empty();
    }
}
