package ${package};

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.DependentResourceConfig;
import io.halkyon.plugin.api.UpdateResult;
import java.util.Map;
import java.util.Objects;

/**
 * The ConfigMap {@code <name>-config}: one entry per Capability parameter. Updated when the
 * parameters change.
 */
final class ConfigMapDependent implements DependentResource {

    private final CapabilityInstance instance;

    ConfigMapDependent(CapabilityInstance instance) {
        this.instance = instance;
    }

    /** What the operator checks {@code build()} against: same kind and name. */
    @Override
    public DependentKey key() {
        return DependentKey.of("v1", "ConfigMap", instance.configMapName());
    }

    /** Watched, owned by the Capability, created, and updated; not checked for readiness. */
    @Override
    public DependentResourceConfig config() {
        return DependentResourceConfig.defaults().withUpdated(true);
    }

    @Override
    public HasMetadata build() {
        return new ConfigMapBuilder()
                .withMetadata(instance.metadata(instance.configMapName()))
                .withData(instance.parameters())
                .build();
    }

    /**
     * Changed when the live data differ from the parameters. The object returned replaces the live
     * one, so it starts from the live object and changes only the data: what the cluster or an
     * admin set elsewhere stays.
     */
    @Override
    public UpdateResult update(HasMetadata live) {
        ConfigMap current = live instanceof ConfigMap configMap
                ? configMap : CapabilityInstance.JSON.convertValue(live, ConfigMap.class);
        Map<String, String> data = current.getData() == null ? Map.of() : current.getData();
        if (Objects.equals(data, instance.parameters())) {
            return UpdateResult.unchanged();
        }
        ConfigMap corrected = CapabilityInstance.JSON.clone(current);
        corrected.setData(instance.parameters());
        return UpdateResult.changed(corrected);
    }
}
