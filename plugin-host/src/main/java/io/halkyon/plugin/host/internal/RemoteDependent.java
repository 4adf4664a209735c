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
    private final String ownerDescription;
    private final DependentKey key;
    private final DependentResourceConfig config;
    /** Owner and key: Build's whole request, and the start of Update's and GetCondition's. */
    private final DependentRequest request;

    RemoteDependent(PluginCalls calls, ByteString owner, String ownerDescription, DependentKey key,
                    DependentResourceConfig config) {
        this.calls = calls;
        this.ownerDescription = ownerDescription;
        this.key = key;
        this.config = config;
        this.request = DependentRequest.newBuilder().setOwner(owner).setDependent(CapabilityWire.key(key)).build();
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
        BuildResponse response = calls.call(() -> describe("Build"), stub -> stub.build(request));
        return object("Build", response.getObject());
    }

    @Override
    public UpdateResult update(HasMetadata live) {
        DependentRequest withLive = withLive(Objects.requireNonNull(live, "live"), "Update");
        UpdateResponse response = calls.call(() -> describe("Update"), stub -> stub.update(withLive));
        return response.getChanged() ? UpdateResult.changed(object("Update", response.getObject()))
                : UpdateResult.unchanged();
    }

    @Override
    public DependentCondition condition(HasMetadata live) {
        DependentRequest withLive = withLive(Objects.requireNonNull(live, "live"), "GetCondition");
        ConditionResponse response = calls.call(() -> describe("GetCondition"), stub -> stub.getCondition(withLive));
        if (!response.hasCondition() || response.getCondition().getType().isBlank()) {
            throw calls.badAnswer(describe("GetCondition"), "no condition", null);
        }
        try {
            return CapabilityWire.condition(response.getCondition());
        } catch (IllegalArgumentException e) {
            throw calls.badAnswer(describe("GetCondition"), e.getMessage(), null);
        }
    }

    @Override
    public String toString() {
        return "RemoteDependent{" + key + ", plugin=" + calls.pluginName() + '}';
    }

    private String describe(String call) {
        return call + " of dependent " + key + " for " + ownerDescription;
    }

    private DependentRequest withLive(HasMetadata live, String call) {
        ByteString json;
        try {
            json = KubeJson.json(live);
        } catch (RuntimeException e) {
            throw new PluginException(calls.pluginName(), "plugin '" + calls.pluginName()
                    + "': cannot serialize the live object for " + describe(call) + ": " + e.getMessage(), e);
        }
        return request.toBuilder().setLive(json).build();
    }

    /** The answered object, checked: valid Kubernetes JSON of this dependent's kind, with a name. */
    private HasMetadata object(String call, ByteString json) {
        if (json.isEmpty()) {
            throw calls.badAnswer(describe(call), "no object", null);
        }
        HasMetadata object;
        try {
            object = KubeJson.object(json);
        } catch (IllegalArgumentException e) {
            throw calls.badAnswer(describe(call), "an object that is not valid Kubernetes JSON: " + e.getMessage(), e);
        }
        if (object == null || object.getKind() == null || object.getKind().isBlank()) {
            throw calls.badAnswer(describe(call), "an object without a kind", null);
        }
        if (object.getMetadata() == null || object.getMetadata().getName() == null
                || object.getMetadata().getName().isBlank()) {
            throw calls.badAnswer(describe(call), "a " + object.getKind() + " without a name", null);
        }
        if (!object.getKind().equals(key.kind())) {
            throw calls.badAnswer(describe(call), "a " + object.getKind() + " instead of a " + key.kind(), null);
        }
        return object;
    }
}
