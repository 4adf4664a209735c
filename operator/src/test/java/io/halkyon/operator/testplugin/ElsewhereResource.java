package io.halkyon.operator.testplugin;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.DependentResourceConfig;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code test/elsewhere}: per Capability, a ConfigMap {@code <name>-here} in the Capability's
 * namespace (fine), a ConfigMap {@code <name>-elsewhere} in namespace {@code other} (to be
 * refused) and a ClusterRole {@code <name>-role} (cluster-scoped: refused unless allowed). All
 * checked for readiness, so each gets a condition.
 */
final class ElsewhereResource extends TestResource {

    ElsewhereResource() {
        super("elsewhere");
    }

    static final String OTHER_NAMESPACE = "other";

    @Override
    public List<DependentResource> dependentResourcesWith(Capability owner) {
        String name = owner.getMetadata().getName();
        return List.of(
                dependent(DependentKey.of("v1", "ConfigMap", name + "-here"), () -> new ConfigMapBuilder()
                        .withNewMetadata().withName(name + "-here").endMetadata()
                        .withData(Map.of("where", "here")).build()),
                dependent(DependentKey.of("v1", "ConfigMap", name + "-elsewhere"), () -> new ConfigMapBuilder()
                        .withNewMetadata().withName(name + "-elsewhere").withNamespace(OTHER_NAMESPACE).endMetadata()
                        .withData(Map.of("where", "elsewhere")).build()),
                dependent(DependentKey.of("rbac.authorization.k8s.io/v1", "ClusterRole", name + "-role"),
                        () -> new ClusterRoleBuilder().withNewMetadata().withName(name + "-role").endMetadata().build()));
    }

    private static DependentResource dependent(DependentKey key, Supplier<HasMetadata> build) {
        return new DependentResource() {
            @Override
            public DependentKey key() {
                return key;
            }

            @Override
            public DependentResourceConfig config() {
                return DependentResourceConfig.defaults().withCheckedForReadiness(true);
            }

            @Override
            public HasMetadata build() {
                return build.get();
            }
        };
    }
}
