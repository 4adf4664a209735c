package io.halkyon.operator.testplugin;

import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentResource;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code test/many}: the flood. As many ConfigMaps {@code <name>-<i>} as the Capability's
 * parameter {@code count} says, created and owned, each ready as soon as it exists.
 */
final class ManyResource extends TestResource {

    ManyResource() {
        super("many");
    }

    @Override
    public List<DependentResource> dependentResourcesWith(Capability owner) {
        String name = owner.getMetadata().getName();
        int count = Integer.parseInt(owner.getSpec().parameter("count").orElse("1"));
        List<DependentResource> dependents = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            dependents.add(configMap(name + "-" + i, () -> { }));
        }
        return dependents;
    }
}
