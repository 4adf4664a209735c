package io.halkyon.operator.reconcile;

import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.api.TypeInfo;
import java.util.List;

/** A Plugin that only describes itself, for registry lookups. */
record FakePlugin(String name, String category, List<TypeInfo> types) implements Plugin {

    @Override
    public String version() {
        return "1.0";
    }

    @Override
    public List<String> checkValidity(Capability owner) {
        return List.of();
    }

    @Override
    public List<DependentResource> readyFor(Capability owner) {
        return List.of();
    }

    @Override
    public void kill() {
    }
}
