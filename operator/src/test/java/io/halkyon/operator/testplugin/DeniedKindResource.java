package io.halkyon.operator.testplugin;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.DependentResourceConfig;
import java.util.List;

/**
 * {@code test/denied}: the privileged-kind attack. Per Capability, a ConfigMap {@code <name>-first}
 * (fine) then {@code <name>-x} of the apiVersion and kind given by the Capability's parameters
 * {@code apiVersion} and {@code kind} (a Capability, a Role, a ServiceAccount...), with the
 * top-level field {@code type} from parameter {@code secretType} when given (a ServiceAccount
 * token Secret). Both created and checked for readiness.
 */
final class DeniedKindResource extends TestResource {

    DeniedKindResource() {
        super("denied");
    }

    @Override
    public List<DependentResource> dependentResourcesWith(Capability owner) {
        String name = owner.getMetadata().getName();
        String apiVersion = owner.getSpec().parameter("apiVersion").orElse("v1");
        String kind = owner.getSpec().parameter("kind").orElse("ConfigMap");
        String secretType = owner.getSpec().parameter("secretType").orElse(null);
        return List.of(configMap(name + "-first", () -> { }), new DependentResource() {
            @Override
            public DependentKey key() {
                return DependentKey.of(apiVersion, kind, name + "-x");
            }

            @Override
            public DependentResourceConfig config() {
                return DependentResourceConfig.defaults().withCheckedForReadiness(true);
            }

            @Override
            public HasMetadata build() {
                GenericKubernetesResource object = new GenericKubernetesResource();
                object.setApiVersion(apiVersion);
                object.setKind(kind);
                object.setMetadata(new ObjectMetaBuilder().withName(name + "-x").build());
                if (secretType != null) {
                    object.setAdditionalProperty("type", secretType);
                }
                return object;
            }
        });
    }
}
