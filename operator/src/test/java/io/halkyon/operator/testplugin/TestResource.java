package io.halkyon.operator.testplugin;

import io.halkyon.plugin.api.PluginResource;
import io.halkyon.plugin.api.TypeInfo;
import java.util.List;

/** What the test plugins share: category {@code test}, one type, named {@code test-<type>}, version 1.0.0. */
abstract class TestResource implements PluginResource {

    private final String type;

    TestResource(String type) {
        this.type = type;
    }

    @Override
    public String name() {
        return "test-" + type;
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public String category() {
        return "test";
    }

    @Override
    public List<TypeInfo> types() {
        return List.of(TypeInfo.of(type));
    }
}
