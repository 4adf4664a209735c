package io.halkyon.plugin.api;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * One Kubernetes object a Capability needs, bound to that Capability (its owner).
 *
 * <p>Plugin authors implement it and return instances from
 * {@link PluginResource#dependentResourcesWith}. On the host, {@link Plugin#readyFor}
 * returns proxies of the same interface whose methods are remote calls to the plugin
 * process; there, every method may throw {@link PluginException}.
 */
public interface DependentResource {

    /** The dependent's group/version/kind and name; unique among its owner's dependents. */
    DependentKey key();

    /** How the operator treats this dependent. */
    default DependentResourceConfig config() {
        return DependentResourceConfig.defaults();
    }

    /** The desired object, created by the operator when it is missing. */
    HasMetadata build();

    /**
     * Compares the live object with what it should be. Called only when
     * {@link DependentResourceConfig#updated()} is set. The default never changes anything.
     */
    default UpdateResult update(HasMetadata live) {
        return UpdateResult.unchanged();
    }

    /**
     * The dependent's condition, given its live object. Called only when
     * {@link DependentResourceConfig#checkedForReadiness()} is set. The default says ready
     * as soon as the object exists.
     */
    default DependentCondition condition(HasMetadata live) {
        return DependentCondition.ready(key().kind() + " " + key().name() + " exists");
    }
}
