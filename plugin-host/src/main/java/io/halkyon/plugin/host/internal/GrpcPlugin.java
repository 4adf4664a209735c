package io.halkyon.plugin.host.internal;

import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.TypeInfo;
import io.halkyon.plugin.host.PluginConnection;
import io.halkyon.plugin.proto.capability.v1.Dependent;
import io.halkyon.plugin.proto.capability.v1.GetInfoRequest;
import io.halkyon.plugin.proto.capability.v1.OwnerRequest;
import io.halkyon.plugin.proto.capability.v1.PluginInfo;
import io.halkyon.plugin.proto.internal.capability.CapabilityWire;
import io.halkyon.plugin.proto.internal.capability.KubeJson;
import io.halkyon.plugin.proto.internal.capability.PluginInfoRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/** The host-side {@link Plugin}: GetInfo asked once when dispensed, everything else a remote call. */
public final class GrpcPlugin implements Plugin {

    private final PluginCalls calls;
    private final String name;
    private final String version;
    private final String category;
    private final List<TypeInfo> types;

    private GrpcPlugin(PluginCalls calls, PluginInfo info, List<TypeInfo> types) {
        this.calls = calls;
        this.name = info.getName().isEmpty() ? calls.pluginName() : info.getName();
        this.version = info.getVersion();
        this.category = info.getCategory();
        this.types = types;
    }

    /**
     * The Capability kind: calls GetInfo and checks the answer against {@link PluginInfoRules}
     * (a category and types that can name CapabilityInfo objects, bounded counts and lengths).
     */
    public static GrpcPlugin dispense(PluginConnection connection) {
        return of(connection, info(connection));
    }

    /** Asks GetInfo and checks the answer against {@link PluginInfoRules}. */
    public static PluginInfo info(PluginConnection connection) {
        PluginCalls calls = new PluginCalls(connection);
        PluginInfo info = calls.call(() -> "GetInfo", stub -> stub.getInfo(GetInfoRequest.getDefaultInstance()));
        PluginInfoRules.problem(info).ifPresent(problem -> {
            throw calls.badAnswer("GetInfo", problem, null);
        });
        return info;
    }

    /** The plugin over {@code connection}, described by an {@link #info} answer it gave before. */
    public static GrpcPlugin of(PluginConnection connection, PluginInfo info) {
        return new GrpcPlugin(new PluginCalls(connection), info, CapabilityWire.types(info.getTypesList()));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public String category() {
        return category;
    }

    @Override
    public List<TypeInfo> types() {
        return types;
    }

    @Override
    public List<String> checkValidity(Capability owner) {
        Supplier<String> what = () -> "CheckValidity of " + describe(owner);
        OwnerRequest request = ownerRequest(owner, what);
        return List.copyOf(calls.call(what, stub -> stub.checkValidity(request)).getErrorsList());
    }

    @Override
    public List<DependentResource> readyFor(Capability owner) {
        Supplier<String> what = () -> "GetDependents of " + describe(owner);
        OwnerRequest request = ownerRequest(owner, what);
        List<Dependent> dependents = calls.call(what, stub -> stub.getDependents(request)).getDependentsList();
        List<DependentResource> result = new ArrayList<>(dependents.size());
        String ownerDescription = describe(owner);
        for (Dependent d : dependents) {
            try {
                result.add(new RemoteDependent(calls, request.getOwner(), ownerDescription,
                        CapabilityWire.key(d.getKey()), CapabilityWire.config(d.getConfig())));
            } catch (NullPointerException | IllegalArgumentException e) {
                // Bounded: a hostile key may be megabytes long.
                String key = d.getKey().toString().replace('\n', ' ');
                String shown = key.length() > 300 ? key.substring(0, 300) + "... (" + key.length() + " characters)" : key;
                throw calls.badAnswer(what.get(), "an invalid dependent " + shown + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(result);
    }

    @Override
    public void kill() {
        calls.kill();
    }

    @Override
    public String toString() {
        return "Plugin{name=" + name + ", version=" + version + ", category=" + category + ", types=" + types + '}';
    }

    private OwnerRequest ownerRequest(Capability owner, Supplier<String> what) {
        Objects.requireNonNull(owner, "owner");
        try {
            return OwnerRequest.newBuilder().setOwner(KubeJson.json(owner)).build();
        } catch (RuntimeException e) {
            throw new PluginException(calls.pluginName(), "plugin '" + calls.pluginName() + "': cannot serialize "
                    + what.get() + ": " + e.getMessage(), e);
        }
    }

    static String describe(Capability owner) {
        if (owner == null || owner.getMetadata() == null) {
            return "Capability (no metadata)";
        }
        String ns = owner.getMetadata().getNamespace();
        return "Capability " + (ns == null ? "" : ns + "/") + owner.getMetadata().getName();
    }
}
