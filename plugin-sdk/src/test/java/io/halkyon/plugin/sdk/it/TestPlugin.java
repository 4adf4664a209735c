package io.halkyon.plugin.sdk.it;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentCondition;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.PluginResource;
import io.halkyon.plugin.api.TypeInfo;
import io.halkyon.plugin.api.UpdateResult;
import io.halkyon.plugin.sdk.CallContext;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The resource the test plugin process serves: category test, type thing, versions 1 and 2. */
public class TestPlugin implements PluginResource {

    private static final Logger log = LoggerFactory.getLogger(TestPlugin.class);

    public static final String PRINTED = "printed by plugin code on System.out";

    @Override
    public String name() {
        return "test-thing";
    }

    @Override
    public String version() {
        return "9.9.9";
    }

    @Override
    public String category() {
        return "test";
    }

    @Override
    public List<TypeInfo> types() {
        return List.of(TypeInfo.of("thing", "1", "2"));
    }

    @Override
    public List<String> checkValidity(Capability owner) {
        return owner.getSpec().getVersion() == null ? List.of("spec.version is required") : List.of();
    }

    @Override
    public List<DependentResource> dependentResourcesWith(Capability owner) {
        String name = owner.getMetadata().getName();
        return List.of(
                new Dependent(DependentKey.of("v1", "ConfigMap", name + "-config"), owner) {
                    @Override
                    public HasMetadata build() {
                        Map<String, String> data = new java.util.HashMap<>(Map.of("owner", name, "quote", "a \"b\"\n"));
                        CallContext.traceparent().ifPresent(t -> data.put("traceparent", t));
                        return configMap(key().name(), data);
                    }

                    @Override
                    public UpdateResult update(HasMetadata live) {
                        boolean current = live instanceof ConfigMap map && map.getData() != null
                                && "yes".equals(map.getData().get("updated"));
                        return current
                                ? UpdateResult.unchanged()
                                : UpdateResult.changed(configMap(key().name(), Map.of("updated", "yes")));
                    }
                },
                new Dependent(DependentKey.of("v1", "ConfigMap", "boom"), owner) {
                    @Override
                    public HasMetadata build() {
                        throw new IllegalStateException("kaboom while building " + key());
                    }

                    @Override
                    public DependentCondition condition(HasMetadata live) {
                        return new DependentCondition("Sideways", "Odd", "not a real type", null);
                    }
                },
                new Dependent(DependentKey.of("v1", "ConfigMap", "printer"), owner) {
                    @Override
                    public HasMetadata build() {
                        System.out.println(PRINTED);
                        log.info("built {} with \"quotes\"\tand a tab", key(),
                                new IllegalArgumentException("attached cause"));
                        java.util.logging.Logger.getLogger("jul.test").warning("from JUL\nsecond line");
                        return configMap(key().name(), Map.of());
                    }

                    @Override
                    public DependentCondition condition(HasMetadata live) {
                        return null;
                    }
                });
    }

    public static HasMetadata configMap(String name, Map<String, String> data) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().withData(data).build();
    }

    private abstract static class Dependent implements DependentResource {
        private final DependentKey key;
        final Capability owner;

        Dependent(DependentKey key, Capability owner) {
            this.key = key;
            this.owner = owner;
        }

        @Override
        public DependentKey key() {
            return key;
        }
    }
}
