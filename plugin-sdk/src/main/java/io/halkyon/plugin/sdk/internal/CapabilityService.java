package io.halkyon.plugin.sdk.internal;

import com.google.protobuf.ByteString;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.grpc.stub.StreamObserver;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentCondition;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.DependentResourceConfig;
import io.halkyon.plugin.api.PluginResource;
import io.halkyon.plugin.api.UpdateResult;
import io.halkyon.plugin.proto.capability.v1.BuildResponse;
import io.halkyon.plugin.proto.capability.v1.CapabilityPluginGrpc;
import io.halkyon.plugin.proto.capability.v1.Condition;
import io.halkyon.plugin.proto.capability.v1.ConditionResponse;
import io.halkyon.plugin.proto.capability.v1.Dependent;
import io.halkyon.plugin.proto.capability.v1.DependentRequest;
import io.halkyon.plugin.proto.capability.v1.DependentsResponse;
import io.halkyon.plugin.proto.capability.v1.GetInfoRequest;
import io.halkyon.plugin.proto.capability.v1.OwnerRequest;
import io.halkyon.plugin.proto.capability.v1.PluginInfo;
import io.halkyon.plugin.proto.capability.v1.UpdateResponse;
import io.halkyon.plugin.proto.capability.v1.ValidityResponse;
import io.halkyon.plugin.proto.internal.capability.CapabilityWire;
import io.halkyon.plugin.proto.internal.capability.KubeJson;
import java.util.List;
import java.util.Objects;

/**
 * {@code halkyon.capability.v1.CapabilityPlugin} over a {@link PluginResource}. Every call reads
 * its owner and the resource's dependents for it through the {@link OwnerCache} (keyed on the
 * owner's exact bytes: a reconcile's calls share one parse and one {@code dependentResourcesWith}),
 * then picks the one the request names by its {@link DependentKey}.
 */
public final class CapabilityService extends CapabilityPluginGrpc.CapabilityPluginImplBase {

    private final PluginResource resource;
    private final PluginInfo info;
    private final CallGuard guard;
    private final OwnerCache owners = new OwnerCache();

    /** Reads name, version, category and types once: they are fixed for the process's life. */
    public CapabilityService(PluginResource resource) {
        this.resource = Objects.requireNonNull(resource, "resource");
        this.info = CapabilityWire.info(resource);
        this.guard = new CallGuard(info.getName());
    }

    public PluginInfo info() {
        return info;
    }

    @Override
    public void getInfo(GetInfoRequest request, StreamObserver<PluginInfo> responses) {
        guard.unary("GetInfo", responses, () -> info);
    }

    @Override
    public void checkValidity(OwnerRequest request, StreamObserver<ValidityResponse> responses) {
        guard.unary("CheckValidity", responses, () -> {
            List<String> errors = resource.checkValidity(owner(request.getOwner()).owner());
            if (errors == null) {
                throw new PluginCodeException("checkValidity returned null instead of a list");
            }
            return ValidityResponse.newBuilder()
                    .addAllErrors(errors.stream().map(String::valueOf).toList())
                    .build();
        });
    }

    @Override
    public void getDependents(OwnerRequest request, StreamObserver<DependentsResponse> responses) {
        guard.unary("GetDependents", responses, () -> {
            DependentsResponse.Builder out = DependentsResponse.newBuilder();
            for (DependentResource dependent : owner(request.getOwner()).dependents(this::dependents)) {
                out.addDependents(wire(dependent));
            }
            return out.build();
        });
    }

    @Override
    public void build(DependentRequest request, StreamObserver<BuildResponse> responses) {
        guard.unary("Build", responses, () -> {
            DependentResource dependent = locate(request);
            HasMetadata object = dependent.build();
            if (object == null) {
                throw new PluginCodeException("dependent " + dependent.key() + " built null");
            }
            return BuildResponse.newBuilder().setObject(KubeJson.json(object)).build();
        });
    }

    @Override
    public void update(DependentRequest request, StreamObserver<UpdateResponse> responses) {
        guard.unary("Update", responses, () -> {
            DependentResource dependent = locate(request);
            UpdateResult result = dependent.update(ObjectCodec.live(request.getLive()));
            if (result == null) {
                throw new PluginCodeException("dependent " + dependent.key() + " returned a null UpdateResult");
            }
            UpdateResponse.Builder out = UpdateResponse.newBuilder().setChanged(result.changed());
            if (result.changed()) {
                out.setObject(KubeJson.json(result.object()));
            }
            return out.build();
        });
    }

    @Override
    public void getCondition(DependentRequest request, StreamObserver<ConditionResponse> responses) {
        guard.unary("GetCondition", responses, () -> {
            DependentResource dependent = locate(request);
            DependentKey key = dependent.key();
            return ConditionResponse.newBuilder()
                    .setCondition(condition(key, dependent.condition(ObjectCodec.live(request.getLive()))))
                    .build();
        });
    }

    private DependentResource locate(DependentRequest request) {
        if (!request.hasDependent()) {
            throw new InvalidArgumentException("field 'dependent' is missing: expected the dependent's key");
        }
        DependentKey wanted;
        try {
            wanted = CapabilityWire.key(request.getDependent());
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException(e.getMessage());
        }
        OwnerCache.Entry entry = owner(request.getOwner());
        List<DependentResource> dependents = entry.dependents(this::dependents);
        for (DependentResource dependent : dependents) {
            if (wanted.equals(dependent.key())) {
                return dependent;
            }
        }
        throw new NotFoundException("plugin '" + info.getName() + "' has no dependent " + wanted
                + " for Capability " + ownerName(entry.owner()) + "; its dependents are "
                + dependents.stream().map(d -> String.valueOf(d.key())).toList());
    }

    private static Dependent wire(DependentResource dependent) {
        DependentKey key = dependent.key();
        if (key == null) {
            throw new PluginCodeException("a dependent (" + dependent.getClass().getName() + ") returned a null key()");
        }
        DependentResourceConfig config = dependent.config();
        if (config == null) {
            throw new PluginCodeException("dependent " + key + " returned a null config()");
        }
        return CapabilityWire.dependent(key, config);
    }

    /** A condition; null or an unknown type is an error of the plugin, not a zero value. */
    private static Condition condition(DependentKey key, DependentCondition condition) {
        if (condition == null) {
            throw new PluginCodeException("dependent " + key + " returned a null condition");
        }
        try {
            return CapabilityWire.condition(condition);
        } catch (IllegalArgumentException e) {
            throw new PluginCodeException("dependent " + key + " returned " + e.getMessage());
        }
    }

    private OwnerCache.Entry owner(ByteString json) {
        return owners.entry(json, ObjectCodec::owner);
    }

    /** The resource's dependents for an owner, checked once: a list without nulls. */
    private List<DependentResource> dependents(Capability owner) {
        List<DependentResource> dependents = resource.dependentResourcesWith(owner);
        if (dependents == null) {
            throw new PluginCodeException("dependentResourcesWith returned null instead of a list");
        }
        for (DependentResource dependent : dependents) {
            if (dependent == null) {
                throw new PluginCodeException("dependentResourcesWith returned a list containing null");
            }
        }
        return List.copyOf(dependents);
    }

    private static String ownerName(Capability owner) {
        if (owner.getMetadata() == null) {
            return "(unnamed)";
        }
        String namespace = owner.getMetadata().getNamespace();
        return (namespace == null ? "" : namespace + "/") + owner.getMetadata().getName();
    }
}
