package ${package};

import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.PluginResource;
import io.halkyon.plugin.api.TypeInfo;
import java.util.List;

/**
 * Provides {@code ${category}/${type}}: for each Capability, in this order, named after it in its
 * namespace,
 * <ol>
 *   <li>a ConfigMap {@code <name>-config} holding the Capability's parameters;</li>
 *   <li>a Deployment {@code <name>} running {@code ${type}:<version>} with that ConfigMap as its
 *       environment; its ready replicas make the Capability ready.</li>
 * </ol>
 *
 * <p>Stateless and thread-safe, as the SDK requires: every call works from the owner it is given.
 */
public final class CapabilityPluginResource implements PluginResource {

    private static final List<TypeInfo> TYPES =
            List.of(new TypeInfo(CapabilityInstance.TYPE, CapabilityInstance.VERSIONS));

    /** Reported to the operator, which names the plugin in its logs, metrics and Capability status. */
    @Override
    public String name() {
        return "${artifactId}";
    }

    /** The Capability spec.category served; the operator matches it case-insensitively. */
    @Override
    public String category() {
        return CapabilityInstance.CATEGORY;
    }

    /** The spec.type values served, each with its versions, oldest first. */
    @Override
    public List<TypeInfo> types() {
        return TYPES;
    }

    /** Called before any dependent: what is wrong with the Capability, one message each. */
    @Override
    public List<String> checkValidity(Capability owner) {
        return CapabilityInstance.problems(owner);
    }

    /** The objects the Capability needs, in the order the operator creates them. */
    @Override
    public List<DependentResource> dependentResourcesWith(Capability owner) {
        CapabilityInstance instance = CapabilityInstance.of(owner);
        return List.of(new ConfigMapDependent(instance), new DeploymentDependent(instance));
    }
}
