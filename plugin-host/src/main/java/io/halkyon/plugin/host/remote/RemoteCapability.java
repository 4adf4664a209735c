package io.halkyon.plugin.host.remote;

import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.api.TypeInfo;
import io.halkyon.plugin.host.internal.GrpcPlugin;
import java.util.List;

/**
 * A remote Capability plugin as the registry sees it: the same object while its replicas come and
 * go, described by the latest replica's GetInfo, each call going to a replica the balancer picks.
 */
final class RemoteCapability implements Plugin {

    private final RemotePlugin owner;
    private volatile GrpcPlugin current;

    RemoteCapability(RemotePlugin owner, GrpcPlugin current) {
        this.owner = owner;
        this.current = current;
    }

    void describedBy(GrpcPlugin latest) {
        this.current = latest;
    }

    @Override
    public String name() {
        return current.name();
    }

    @Override
    public String version() {
        return current.version();
    }

    @Override
    public String category() {
        return current.category();
    }

    @Override
    public List<TypeInfo> types() {
        return current.types();
    }

    @Override
    public List<String> checkValidity(Capability owner) {
        return current.checkValidity(owner);
    }

    @Override
    public List<DependentResource> readyFor(Capability owner) {
        return current.readyFor(owner);
    }

    /** Disconnects every replica and forgets the plugin (see {@link RemotePlugin#kill()}). */
    @Override
    public void kill() {
        owner.kill();
    }

    @Override
    public String toString() {
        return "RemotePlugin{name=" + owner.name() + ", " + current + '}';
    }
}
