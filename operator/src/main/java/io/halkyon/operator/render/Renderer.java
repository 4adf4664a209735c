package io.halkyon.operator.render;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.halkyon.operator.reconcile.LiveObjects;
import io.halkyon.operator.reconcile.OperatorSettings;
import io.halkyon.operator.reconcile.Plan;
import io.halkyon.operator.reconcile.Planner;
import io.halkyon.operator.reconcile.ScopeResolver;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.host.PluginRegistry;
import io.halkyon.plugin.host.Resolution;
import java.util.List;

/**
 * What a Capability would produce, without a cluster: the operator's own plan
 * ({@link Planner}) against a cluster where nothing exists yet ({@link LiveObjects#NONE}), for
 * the plugin the operator would choose ({@link PluginRegistry#resolve}). So the objects are those
 * the operator would create, in order, checked and prepared as it prepares them (namespace,
 * labels, owner reference), and a Capability the operator would fail renders no object at all
 * (all or nothing), with the message its status would carry. Kinds' scopes come from the built-in
 * knowledge only (no API discovery).
 */
public final class Renderer {

    /** Stands in for the Capability's uid when the file has none (the API server assigns it). */
    public static final String UID_PLACEHOLDER = "PLACEHOLDER-uid-assigned-by-the-api-server";

    private final PluginRegistry registry;
    private final Planner planner;

    /** A renderer planning as an operator run with {@code settings} would. */
    public Renderer(PluginRegistry registry, OperatorSettings settings) {
        this.registry = registry;
        this.planner = new Planner(new ScopeResolver(null), settings);
    }

    /** A renderer planning as an operator run with the default settings but {@code allowClusterScoped}. */
    public Renderer(PluginRegistry registry, boolean allowClusterScoped) {
        this(registry, OperatorSettings.builder().allowClusterScoped(allowClusterScoped).build());
    }

    /**
     * The rendering of one Capability.
     *
     * @param objects the objects, in the plugin's order; empty when it would be Failed
     * @param failure why the Capability would be Failed; {@code null} when it would not
     */
    public record Result(List<HasMetadata> objects, String failure) {
        public boolean failed() {
            return failure != null;
        }
    }

    /** Renders {@code capability}; a missing namespace becomes {@code defaultNamespace}, a missing uid the placeholder. */
    public Result render(Capability capability, String defaultNamespace) {
        if (capability.getMetadata().getNamespace() == null || capability.getMetadata().getNamespace().isBlank()) {
            capability.getMetadata().setNamespace(defaultNamespace);
        }
        if (capability.getMetadata().getUid() == null || capability.getMetadata().getUid().isBlank()) {
            capability.getMetadata().setUid(UID_PLACEHOLDER);
        }
        Resolution resolution = registry.resolve(capability.getSpec());
        if (!resolution.found()) {
            return new Result(List.of(), resolution.failure());
        }
        try {
            Plan plan = planner.plan(capability, resolution.plugin(), LiveObjects.NONE);
            return new Result(plan.writes(), plan.failure());
        } catch (PluginException e) {
            return new Result(List.of(), Planner.failureOf(e));
        }
    }
}
