package io.halkyon.plugin.test.widget;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentCondition;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.DependentResourceConfig;
import io.halkyon.plugin.api.PluginResource;
import io.halkyon.plugin.api.TypeInfo;
import io.halkyon.plugin.api.UpdateResult;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The harness's test plugin, category {@code test}, type {@code widget} (versions 1 and 2): a
 * ConfigMap with a fresh token on every build, a Deployment it updates and checks for readiness,
 * and a Secret it only reads. Parameter {@code break} makes it break an operator rule:
 * {@code namespace} builds the ConfigMap elsewhere, {@code name} builds it under another name.
 */
public final class WidgetResource implements PluginResource {

    @Override
    public String category() {
        return "test";
    }

    @Override
    public List<TypeInfo> types() {
        return List.of(TypeInfo.of("widget", "1", "2"));
    }

    @Override
    public String name() {
        return "widget-plugin";
    }

    @Override
    public List<String> checkValidity(Capability owner) {
        String version = version(owner);
        return List.of("1", "2").contains(version) ? List.of()
                : List.of("version '" + version + "' is not offered: 1, 2");
    }

    @Override
    public List<DependentResource> dependentResourcesWith(Capability owner) {
        return List.of(new Config(owner), new Widget(owner), new External(owner));
    }

    static String version(Capability owner) {
        String version = owner.getSpec().getVersion();
        return version == null || version.isEmpty() ? "2" : version;
    }

    private record Config(Capability owner) implements DependentResource {
        @Override
        public DependentKey key() {
            return new DependentKey("", "v1", "ConfigMap", owner.getMetadata().getName() + "-config");
        }

        @Override
        public HasMetadata build() {
            String broken = owner.getSpec().parameter("break").orElse("");
            return new ConfigMapBuilder().withNewMetadata()
                    .withName(broken.equals("name") ? "other" : key().name())
                    .withNamespace(broken.equals("namespace") ? "elsewhere" : owner.getMetadata().getNamespace())
                    .addToLabels("app.kubernetes.io/name", "widget").endMetadata()
                    .withData(Map.of("size", owner.getSpec().parameter("size").orElse("small"),
                            "token", UUID.randomUUID().toString()))
                    .build();
        }
    }

    private record Widget(Capability owner) implements DependentResource {
        @Override
        public DependentKey key() {
            return new DependentKey("apps", "v1", "Deployment", owner.getMetadata().getName());
        }

        @Override
        public DependentResourceConfig config() {
            return DependentResourceConfig.defaults().withUpdated(true).withCheckedForReadiness(true);
        }

        @Override
        public HasMetadata build() {
            return new DeploymentBuilder().withNewMetadata().withName(key().name()).endMetadata()
                    .withNewSpec().withReplicas(1).withNewTemplate().withNewSpec().addNewContainer()
                    .withName("widget").withImage(image()).endContainer().endSpec().endTemplate().endSpec().build();
        }

        private String image() {
            return "widget:" + version(owner);
        }

        @Override
        public UpdateResult update(HasMetadata live) {
            Deployment deployment = (Deployment) live;
            var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            if (image().equals(container.getImage())) {
                return UpdateResult.unchanged();
            }
            container.setImage(image());
            return UpdateResult.changed(deployment);
        }

        @Override
        public DependentCondition condition(HasMetadata live) {
            Deployment deployment = (Deployment) live;
            int ready = deployment.getStatus() == null || deployment.getStatus().getReadyReplicas() == null ? 0
                    : deployment.getStatus().getReadyReplicas();
            int wanted = deployment.getSpec().getReplicas();
            String message = ready + "/" + wanted + " replicas ready";
            return ready >= wanted ? DependentCondition.ready(message) : DependentCondition.pending("Starting", message);
        }
    }

    /** Provided by someone else: the operator neither creates nor updates it. */
    private record External(Capability owner) implements DependentResource {
        @Override
        public DependentKey key() {
            return new DependentKey("", "v1", "Secret", owner.getMetadata().getName() + "-external");
        }

        @Override
        public DependentResourceConfig config() {
            return DependentResourceConfig.defaults().withCreated(false).withOwned(false);
        }

        @Override
        public HasMetadata build() {
            throw new UnsupportedOperationException("never built: the operator does not create it");
        }
    }
}
