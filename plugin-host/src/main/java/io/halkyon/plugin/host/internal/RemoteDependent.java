package io.halkyon.plugin.host.internal;

import com.google.protobuf.ByteString;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.halkyon.plugin.api.DependentCondition;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.DependentResourceConfig;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.UpdateResult;
import io.halkyon.plugin.proto.capability.v1.BuildResponse;
import io.halkyon.plugin.proto.capability.v1.ConditionResponse;
import io.halkyon.plugin.proto.capability.v1.DependentRequest;
import io.halkyon.plugin.proto.capability.v1.UpdateResponse;
import io.halkyon.plugin.proto.internal.capability.CapabilityWire;
import io.halkyon.plugin.proto.internal.capability.KubeJson;
import java.util.Objects;

/** A dependent whose build/update/condition are calls to the plugin, sending its owner each time. */
final class RemoteDependent implements DependentResource {

    private final PluginCalls calls;
    private final ByteString owner;
    private final String ownerDescription;
    private final DependentKey key;
    private final DependentResourceConfig config;

    RemoteDependent(PluginCalls calls, ByteString owner, String ownerDescription, DependentKey key,
                    DependentResourceConfig config) {
        this.calls = calls;
        this.owner = owner;
        this.ownerDescription = ownerDescription;
        this.key = key;
        this.config = config;
    }

    @Override
    public DependentKey key() {
        return key;
    }

    @Override
    public DependentResourceConfig config() {
        return config;
    }

    @Override
    public HasMetadata build() {
        String what = describe("Build");
        DependentRequest request = request(null, what);
        BuildResponse response = calls.call(what, stub -> stub.build(request));
        return object(what, response.getObject());
    }

    @Override
    public UpdateResult update(HasMetadata live) {
        String what = describe("Update");
        DependentRequest request = request(Objects.requireNonNull(live, "live"), what);
        UpdateResponse response = calls.call(what, stub -> stub.update(request));
        return response.getChanged() ? UpdateResult.changed(object(what, response.getObject())) : UpdateResult.unchanged();
    }

    @Override
    public DependentCondition condition(HasMetadata live) {
        String what = describe("GetCondition");
        DependentRequest request = request(Objects.requireNonNull(live, "live"), what);
        ConditionResponse response = calls.call(what, stub -> stub.getCondition(request));
        if (!response.hasCondition() || response.getCondition().getType().isBlank()) {
            throw calls.badAnswer(what, "no condition", null);
        }
        try {
            return CapabilityWire.condition(response.getCondition());
        } catch (IllegalArgumentException e) {
            throw calls.badAnswer(what, e.getMessage(), null);
        }
    }

    @Override
    public String toString() {
        return "RemoteDependent{" + key + ", plugin=" + calls.pluginName() + '}';
    }

    private String describe(String call) {
        return call + " of dependent " + key + " for " + ownerDescription;
    }

    private DependentRequest request(HasMetadata live, String what) {
        DependentRequest.Builder b = DependentRequest.newBuilder().setOwner(owner).setDependent(CapabilityWire.key(key));
        if (live != null) {
            try {
                b.setLive(KubeJson.json(live));
            } catch (RuntimeException e) {
                throw new PluginException(calls.pluginName(), "plugin '" + calls.pluginName()
                        + "': cannot serialize the live object for " + what + ": " + e.getMessage(), e);
            }
        }
        return b.build();
    }

    private HasMetadata object(String what, ByteString json) {
        if (json.isEmpty()) {
            throw calls.badAnswer(what, "no object", null);
        }
        HasMetadata object;
        try {
            object = KubeJson.object(json);
        } catch (IllegalArgumentException e) {
            throw calls.badAnswer(what, "an object that is not valid Kubernetes JSON: " + e.getMessage(), e);
        }
        if (object == null || object.getKind() == null || object.getKind().isBlank()) {
            throw calls.badAnswer(what, "an object without a kind", null);
        }
        if (object.getMetadata() == null || object.getMetadata().getName() == null
                || object.getMetadata().getName().isBlank()) {
            throw calls.badAnswer(what, "a " + object.getKind() + " without a name", null);
        }
        if (!object.getKind().equals(key.kind())) {
            throw calls.badAnswer(what, "a " + object.getKind() + " instead of a " + key.kind(), null);
        }
        return object;
    }
}
