package io.halkyon.operator.render;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.halkyon.operator.reconcile.DependentObjects;
import io.halkyon.operator.reconcile.ObjectValidator;
import io.halkyon.operator.reconcile.ScopeResolver;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.host.PluginRegistry;
import io.halkyon.plugin.host.Resolution;
import java.util.ArrayList;
import java.util.List;

/**
 * What a Capability would produce, without a cluster: the objects its plugin builds, in order,
 * checked and prepared exactly as the operator would create them (namespace, labels, owner
 * reference). Kinds' scopes come from the built-in knowledge only (no API discovery).
 */
public final class Renderer {

    /** Stands in for the Capability's uid when the file has none (the API server assigns it). */
    public static final String UID_PLACEHOLDER = "PLACEHOLDER-uid-assigned-by-the-api-server";

    private final PluginRegistry registry;
    private final ObjectValidator validator;

    public Renderer(PluginRegistry registry, boolean allowClusterScoped) {
        this.registry = registry;
        this.validator = new ObjectValidator(new ScopeResolver(null), allowClusterScoped);
    }

    /**
     * The rendering of one Capability.
     *
     * @param objects the objects, in the plugin's order
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
        Plugin plugin = resolution.plugin();
        try {
            List<String> problems = plugin.checkValidity(capability);
            if (!problems.isEmpty()) {
                return new Result(List.of(), "plugin '" + plugin.name() + "' finds the Capability invalid: "
                        + String.join("; ", problems));
            }
            List<HasMetadata> objects = new ArrayList<>();
            List<String> refused = new ArrayList<>();
            for (DependentResource dependent : plugin.readyFor(capability)) {
                if (!dependent.config().created()) {
                    continue; // the operator would wait for someone else to create it
                }
                HasMetadata object = dependent.build();
                var problem = validator.problem(plugin.name(), dependent.key(), object, capability);
                if (problem.isPresent()) {
                    refused.add(problem.get());
                    continue;
                }
                boolean namespaced = validator.scopes().scopeOf(object.getApiVersion(), object.getKind())
                        == ScopeResolver.Scope.NAMESPACED;
                DependentObjects.prepare(object, capability, dependent.config().owned(), namespaced);
                objects.add(object);
            }
            return new Result(objects, refused.isEmpty() ? null : String.join("; ", refused));
        } catch (PluginException e) {
            return new Result(List.of(), "plugin '" + e.pluginName() + "' failed: " + e.getMessage());
        }
    }
}
