package io.halkyon.plugin.proto.internal.capability;

import io.halkyon.plugin.api.DependentCondition;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.DependentResourceConfig;
import io.halkyon.plugin.api.PluginResource;
import io.halkyon.plugin.api.TypeInfo;
import io.halkyon.plugin.proto.capability.v1.Condition;
import io.halkyon.plugin.proto.capability.v1.Dependent;
import io.halkyon.plugin.proto.capability.v1.DependentConfig;
import io.halkyon.plugin.proto.capability.v1.PluginInfo;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one mapping between the Capability messages of {@code halkyon.capability.v1} and the
 * plugin-api records, both ways, used by the host and the SDK alike; with the one list of
 * condition types a Capability's status knows. Problems with a value are
 * {@link IllegalArgumentException}s naming the field; each side turns them into its own error.
 */
public final class CapabilityWire {

    /** The longest part of a dependent key: a DNS subdomain's 253 characters. */
    private static final int MAX_KEY_PART = 253;

    /** The only condition types a Capability's status knows. */
    public static final Set<String> CONDITION_TYPES =
            Set.of(DependentCondition.READY, DependentCondition.PENDING, DependentCondition.FAILED);

    private CapabilityWire() {
    }

    /** GetInfo's answer for a resource; null strings become empty. */
    public static PluginInfo info(PluginResource resource) {
        PluginInfo.Builder info = PluginInfo.newBuilder()
                .setName(nonNull(resource.name()))
                .setVersion(nonNull(resource.version()))
                .setCategory(nonNull(resource.category()));
        for (TypeInfo type : resource.types()) {
            info.addTypes(io.halkyon.plugin.proto.capability.v1.TypeInfo.newBuilder()
                    .setType(type.type())
                    .addAllVersions(type.versions()));
        }
        return info.build();
    }

    /** @throws IllegalArgumentException for a type without a name, or with invalid versions */
    public static List<TypeInfo> types(List<io.halkyon.plugin.proto.capability.v1.TypeInfo> types) {
        return types.stream().map(t -> new TypeInfo(t.getType(), t.getVersionsList())).toList();
    }

    public static io.halkyon.plugin.proto.capability.v1.DependentKey key(DependentKey key) {
        return io.halkyon.plugin.proto.capability.v1.DependentKey.newBuilder()
                .setGroup(key.group()).setVersion(key.version()).setKind(key.kind()).setName(key.name()).build();
    }

    /** @throws IllegalArgumentException naming the empty field ({@code dependent.kind}...) */
    public static DependentKey key(io.halkyon.plugin.proto.capability.v1.DependentKey key) {
        requireField(key.getVersion(), "dependent.version");
        requireField(key.getKind(), "dependent.kind");
        requireField(key.getName(), "dependent.name");
        pathSegment(key.getGroup(), "dependent.group");
        pathSegment(key.getVersion(), "dependent.version");
        pathSegment(key.getKind(), "dependent.kind");
        pathSegment(key.getName(), "dependent.name");
        return new DependentKey(key.getGroup(), key.getVersion(), key.getKind(), key.getName());
    }

    public static Dependent dependent(DependentKey key, DependentResourceConfig config) {
        return Dependent.newBuilder()
                .setKey(key(key))
                .setConfig(DependentConfig.newBuilder()
                        .setWatched(config.watched())
                        .setOwned(config.owned())
                        .setCreated(config.created())
                        .setUpdated(config.updated())
                        .setCheckedForReadiness(config.checkedForReadiness())
                        .setTypeName(config.typeName()))
                .build();
    }

    /**
     * @throws IllegalArgumentException for a {@code type_name} that breaks
     *                                  {@link PluginInfoRules#text}: it is shown in the Capability's status
     */
    public static DependentResourceConfig config(DependentConfig c) {
        PluginInfoRules.text("config.type_name", c.getTypeName()).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        return new DependentResourceConfig(c.getWatched(), c.getOwned(), c.getCreated(), c.getUpdated(),
                c.getCheckedForReadiness(), c.getTypeName());
    }

    /** @throws IllegalArgumentException for a condition type other than Ready, Pending and Failed */
    public static Condition condition(DependentCondition condition) {
        checkConditionType(condition.getType());
        Condition.Builder out = Condition.newBuilder()
                .setType(condition.getType())
                .setReason(nonNull(condition.getReason()))
                .setMessage(nonNull(condition.getMessage()));
        Map<String, String> attributes = condition.getAttributes();
        if (attributes != null) {
            attributes.forEach((name, value) -> {
                if (name != null) {
                    out.putAttributes(name, nonNull(value));
                }
            });
        }
        return out.build();
    }

    /** @throws IllegalArgumentException for a missing type or one other than Ready, Pending and Failed */
    public static DependentCondition condition(Condition c) {
        checkConditionType(c.getType());
        return new DependentCondition(c.getType(), c.getReason(), c.getMessage(), c.getAttributesMap());
    }

    private static void checkConditionType(String type) {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("a condition without a type");
        }
        if (!CONDITION_TYPES.contains(type)) {
            throw new IllegalArgumentException("a condition of unknown type '" + type + "' (expected "
                    + DependentCondition.READY + ", " + DependentCondition.PENDING + " or " + DependentCondition.FAILED
                    + ")");
        }
    }

    private static void requireField(String value, String field) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("field '" + field + "' is empty");
        }
    }

    /**
     * Each part of a key ends up in an API path (a dependent only read is fetched by it before any
     * object is checked): as the API server's path segment rule, no "/" or "%", not "." or "..";
     * and bounded, one line.
     */
    private static void pathSegment(String value, String field) {
        if (value.length() > MAX_KEY_PART) {
            throw new IllegalArgumentException("field '" + field + "' has " + value.length() + " characters; expected"
                    + " at most " + MAX_KEY_PART);
        }
        if (value.equals(".") || value.equals("..") || value.chars().anyMatch(c -> c == '/' || c == '%'
                || Character.isISOControl(c) || Character.isWhitespace(c))) {
            throw new IllegalArgumentException("field '" + field + "' is '" + value.replaceAll("\\p{Cntrl}", "?")
                    + "'; expected a name that can be a path segment: not '.' or '..', without '/', '%', spaces or"
                    + " control characters");
        }
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
