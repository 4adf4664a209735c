package io.halkyon.plugin.host;

import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.api.TypeInfo;
import java.util.List;

/** An in-memory Plugin for registry tests. */
record FakePlugin(String name, String category, List<TypeInfo> types) implements Plugin {

    static FakePlugin of(String name, String category, TypeInfo... types) {
        return new FakePlugin(name, category, List.of(types));
    }

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
        throw new UnsupportedOperationException();
    }

    @Override
    public void kill() {
    }
}
