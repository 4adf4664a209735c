package io.halkyon.plugin.host.testplugin;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentCondition;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.DependentResourceConfig;
import io.halkyon.plugin.api.PluginResource;
import io.halkyon.plugin.api.TypeInfo;
import io.halkyon.plugin.api.UpdateResult;
import io.halkyon.plugin.sdk.CallContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small PluginResource for the scenarios: per Capability, a ConfigMap (updated, checked for
 * readiness) and a Secret. Capability parameters drive failures: {@code fail=<message>} makes
 * the Secret's build throw, {@code crash=<status>} halts the process in it, {@code hang=<ms>}
 * makes it sleep first; {@code big=<bytes>} puts that many bytes in the ConfigMap. The ConfigMap
 * holds the traceparent the host sent with the Build call, if any. CheckValidity logs the parameter
 * {@code warn}, if any, at warn level through SLF4J.
 */
public final class TestResource implements PluginResource {

    private static final Logger log = LoggerFactory.getLogger(TestResource.class);

    private final String name;
    private final List<TypeInfo> types;
    private final LongSupplier counter;

    public TestResource(String name, List<TypeInfo> types, LongSupplier counter) {
        this.name = name;
        this.types = types;
        this.counter = counter;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String version() {
        return "0.0.7";
    }

    @Override
    public String category() {
        return "test";
    }

    @Override
    public List<TypeInfo> types() {
        return types;
    }

    @Override
    public List<String> checkValidity(Capability owner) {
        owner.getSpec().parameter("warn").ifPresent(text -> log.warn("plugin '{}': {}", name, text));
        List<String> errors = new ArrayList<>();
        String size = owner.getSpec().parameter("size").orElse("1");
        if (!size.matches("\\d+")) {
            errors.add("size must be a number, was '" + size + "'");
        }
        return errors;
    }

    @Override
    public List<DependentResource> dependentResourcesWith(Capability owner) {
        return List.of(new ConfigDependent(owner), new SecretDependent(owner));
    }

    private final class ConfigDependent implements DependentResource {
        private final Capability owner;

        ConfigDependent(Capability owner) {
            this.owner = owner;
        }

        @Override
        public DependentKey key() {
            return new DependentKey("", "v1", "ConfigMap", owner.getMetadata().getName() + "-config");
        }

        @Override
        public DependentResourceConfig config() {
            return DependentResourceConfig.defaults().withUpdated(true).withCheckedForReadiness(true)
                    .withTypeName(owner.getSpec().parameter("typeName").orElse("settings"));
        }

        @Override
        public ConfigMap build() {
            Map<String, String> data = new java.util.HashMap<>(Map.of(
                    "size", owner.getSpec().parameter("size").orElse("1"),
                    "pid", String.valueOf(ProcessHandle.current().pid()),
                    "counter", String.valueOf(counter.getAsLong())));
            owner.getSpec().parameter("big").ifPresent(n -> data.put("big", "b".repeat(Integer.parseInt(n))));
            CallContext.traceparent().ifPresent(t -> data.put("traceparent", t));
            return new ConfigMapBuilder().withNewMetadata().withName(key().name())
                    .withNamespace(owner.getMetadata().getNamespace()).endMetadata()
                    .withData(data)
                    .build();
        }

        @Override
        public UpdateResult update(HasMetadata live) {
            ConfigMap desired = build();
            String liveSize = ((ConfigMap) live).getData() == null ? null : ((ConfigMap) live).getData().get("size");
            return Objects.equals(liveSize, desired.getData().get("size")) ? UpdateResult.unchanged()
                    : UpdateResult.changed(desired);
        }

        @Override
        public DependentCondition condition(HasMetadata live) {
            Map<String, String> annotations = live.getMetadata().getAnnotations();
            return annotations != null && "true".equals(annotations.get("ready"))
                    ? DependentCondition.ready("settings are ready")
                    : DependentCondition.pending("Waiting", "settings not ready yet");
        }
    }

    private final class SecretDependent implements DependentResource {
        private final Capability owner;

        SecretDependent(Capability owner) {
            this.owner = owner;
        }

        @Override
        public DependentKey key() {
            return new DependentKey("", "v1", "Secret", owner.getMetadata().getName() + "-secret");
        }

        @Override
        public HasMetadata build() {
            owner.getSpec().parameter("crash").ifPresent(status -> {
                ScenarioPlugin.RAW_ERR.println("[ERROR] crashing in Build with status " + status);
                Runtime.getRuntime().halt(Integer.parseInt(status));
            });
            owner.getSpec().parameter("hang").ifPresent(ms -> ScenarioPlugin.sleep(Long.parseLong(ms)));
            owner.getSpec().parameter("fail").ifPresent(message -> {
                throw new IllegalStateException(message);
            });
            return new SecretBuilder().withNewMetadata().withName(key().name()).endMetadata()
                    .withStringData(Map.of("password", "s3cret")).build();
        }
    }
}
