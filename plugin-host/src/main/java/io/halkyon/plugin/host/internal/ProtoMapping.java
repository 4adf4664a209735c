package io.halkyon.plugin.host.internal;

import io.halkyon.plugin.api.DependentCondition;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.DependentResourceConfig;
import io.halkyon.plugin.api.TypeInfo;
import io.halkyon.plugin.proto.capability.v1.Condition;
import io.halkyon.plugin.proto.capability.v1.DependentConfig;
import java.util.List;

/** Between generated protobuf types and the plugin-api model. */
final class ProtoMapping {

    private ProtoMapping() {
    }

    static io.halkyon.plugin.proto.capability.v1.DependentKey toProto(DependentKey key) {
        return io.halkyon.plugin.proto.capability.v1.DependentKey.newBuilder()
                .setGroup(key.group()).setVersion(key.version()).setKind(key.kind()).setName(key.name()).build();
    }

    static DependentKey fromProto(io.halkyon.plugin.proto.capability.v1.DependentKey key) {
        return new DependentKey(key.getGroup(), key.getVersion(), key.getKind(), key.getName());
    }

    static DependentResourceConfig fromProto(DependentConfig c) {
        return new DependentResourceConfig(c.getWatched(), c.getOwned(), c.getCreated(), c.getUpdated(),
                c.getCheckedForReadiness(), c.getTypeName());
    }

    static DependentCondition fromProto(Condition c) {
        return new DependentCondition(c.getType(), c.getReason(), c.getMessage(), c.getAttributesMap());
    }

    static List<TypeInfo> fromProto(List<io.halkyon.plugin.proto.capability.v1.TypeInfo> types) {
        return types.stream().map(t -> new TypeInfo(t.getType(), t.getVersionsList())).toList();
    }
}
