package io.halkyon.plugin.sdk.internal;

import io.halkyon.plugin.api.DependentCondition;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.DependentResourceConfig;
import io.halkyon.plugin.api.PluginResource;
import io.halkyon.plugin.api.TypeInfo;
import io.halkyon.plugin.proto.capability.v1.Condition;
import io.halkyon.plugin.proto.capability.v1.Dependent;
import io.halkyon.plugin.proto.capability.v1.DependentConfig;
import io.halkyon.plugin.proto.capability.v1.PluginInfo;
import java.util.Map;
import java.util.Set;

/** Plugin API values to and from their protobuf messages. */
final class WireMapper {

    private static final Set<String> CONDITION_TYPES =
            Set.of(DependentCondition.READY, DependentCondition.PENDING, DependentCondition.FAILED);

    private WireMapper() {
    }

    static PluginInfo info(PluginResource resource) {
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

    static io.halkyon.plugin.proto.capability.v1.DependentKey key(DependentKey key) {
        return io.halkyon.plugin.proto.capability.v1.DependentKey.newBuilder()
                .setGroup(key.group())
                .setVersion(key.version())
                .setKind(key.kind())
                .setName(key.name())
                .build();
    }

    /** The key of a request; fields missing on the wire are rejected naming the field. */
    static DependentKey key(io.halkyon.plugin.proto.capability.v1.DependentKey key) {
        requireField(key.getVersion(), "dependent.version");
        requireField(key.getKind(), "dependent.kind");
        requireField(key.getName(), "dependent.name");
        return new DependentKey(key.getGroup(), key.getVersion(), key.getKind(), key.getName());
    }

    static Dependent dependent(DependentResource dependent) {
        DependentKey key = dependent.key();
        if (key == null) {
            throw new PluginCodeException("a dependent (" + dependent.getClass().getName() + ") returned a null key()");
        }
        DependentResourceConfig config = dependent.config();
        if (config == null) {
            throw new PluginCodeException("dependent " + key + " returned a null config()");
        }
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

    /** A condition; null or an unknown type is an error of the plugin, not a zero value. */
    static Condition condition(DependentKey key, DependentCondition condition) {
        if (condition == null) {
            throw new PluginCodeException("dependent " + key + " returned a null condition");
        }
        if (!CONDITION_TYPES.contains(condition.getType())) {
            throw new PluginCodeException("dependent " + key + " returned a condition of unknown type '"
                    + condition.getType() + "': expected Ready, Pending or Failed");
        }
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

    private static void requireField(String value, String field) {
        if (value.isEmpty()) {
            throw new InvalidArgumentException("field '" + field + "' is empty");
        }
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
