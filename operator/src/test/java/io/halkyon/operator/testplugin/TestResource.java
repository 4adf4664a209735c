package io.halkyon.operator.testplugin;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.halkyon.plugin.api.DependentCondition;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.DependentResourceConfig;
import io.halkyon.plugin.api.PluginResource;
import io.halkyon.plugin.api.TypeInfo;
import java.util.List;
import java.util.Map;

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

    /**
     * A ConfigMap {@code name}, checked for readiness and ready as soon as it exists;
     * {@code beforeCondition} runs first (a test plugin's chance to block or crash there).
     */
    static DependentResource configMap(String name, Runnable beforeCondition) {
        return new DependentResource() {
            @Override
            public DependentKey key() {
                return DependentKey.of("v1", "ConfigMap", name);
            }

            @Override
            public DependentResourceConfig config() {
                return DependentResourceConfig.defaults().withCheckedForReadiness(true);
            }

            @Override
            public HasMetadata build() {
                return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
                        .withData(Map.of("k", "v")).build();
            }

            @Override
            public DependentCondition condition(HasMetadata live) {
                beforeCondition.run();
                return DependentCondition.ready("ConfigMap " + name + " exists");
            }
        };
    }
}
