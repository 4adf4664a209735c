package io.halkyon.plugin.api;

import java.util.List;

/**
 * What a plugin author implements: one category and the types of it that the plugin
 * provides, and for each Capability the ordered list of objects it needs. Served by
 * {@code io.halkyon.plugin.sdk.PluginServer.serve(...)}. To serve several types of one
 * category from one binary, combine resources with {@link AggregatePluginResource}.
 *
 * <p>Implementations must be thread-safe: the SDK calls them concurrently. What
 * {@link #dependentResourcesWith} returns must depend on the owner alone, and neither it nor the
 * dependents may change the owner: the SDK parses an owner once and asks for its dependents once
 * for all the calls that carry that owner byte for byte (a reconcile's GetDependents, Build,
 * Update and GetCondition), and reuses those dependents, concurrently too, for a while (a bounded
 * cache; a changed owner is always parsed and asked anew). Each call of {@link DependentResource}'s
 * methods is still made: {@code build()} is called for every Build.
 */
public interface PluginResource {

    /** The category served, e.g. {@code database}; matched case-insensitively. */
    String category();

    /** The types served within {@link #category()}, with their versions; never empty. */
    List<TypeInfo> types();

    /**
     * The plugin's name as reported to the host. Defaults to the category and the first
     * type, e.g. {@code database-postgres}.
     */
    default String name() {
        List<TypeInfo> types = types();
        return types.isEmpty() ? category() : category() + "-" + types.get(0).type();
    }

    /** The plugin's own version; defaults to the jar manifest's implementation version. */
    default String version() {
        String version = getClass().getPackage().getImplementationVersion();
        return version == null ? "unknown" : version;
    }

    /** Problems with the Capability's spec, one message each; empty when it is valid. */
    default List<String> checkValidity(Capability owner) {
        return List.of();
    }

    /** The objects the Capability needs, in the order they must be created. */
    List<DependentResource> dependentResourcesWith(Capability owner);
}
