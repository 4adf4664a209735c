package io.halkyon.plugin.sdk.internal;

import io.halkyon.plugin.api.PluginResource;
import io.halkyon.plugin.sdk.PluginServices;
import io.halkyon.plugin.sdk.ServeConfig;

/**
 * The Capability plugin as one plugin set: a {@link PluginResource} becomes the
 * {@code halkyon.capability.v1.CapabilityPlugin} service for each of the config's app versions,
 * and names the plugin. Only here must a plugin report a category and types.
 */
public final class CapabilityServing {

    private CapabilityServing() {
    }

    /** The resource's name, or the config's when it reports none or fails to. */
    public static String name(PluginResource resource, ServeConfig config) {
        try {
            String name = resource.name();
            return name == null || name.isBlank() ? config.name() : name;
        } catch (RuntimeException e) {
            return config.name();
        }
    }

    /**
     * @throws IllegalArgumentException saying what is wrong (the caller names the plugin): a blank
     *                                  category, no types, or what the resource threw while
     *                                  describing itself
     */
    public static ServeConfig configure(PluginResource resource, ServeConfig config) {
        CapabilityService capability = service(resource);
        ServeConfig.Builder builder = config.toBuilder().name(name(resource, config));
        for (int version : config.appVersions()) {
            builder.plugins(version, PluginServices.of(capability));
        }
        return builder.build();
    }

    /**
     * The Capability service of {@code resource}, which has described itself once.
     *
     * @throws IllegalArgumentException as {@link #configure}
     */
    public static CapabilityService service(PluginResource resource) {
        CapabilityService capability;
        try {
            capability = new CapabilityService(resource);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot describe the plugin: " + CallGuard.describe(e), e);
        }
        if (capability.info().getCategory().isBlank()) {
            throw new IllegalArgumentException("category() is blank: a Capability plugin must serve a category such"
                    + " as 'database'");
        }
        if (capability.info().getTypesCount() == 0) {
            throw new IllegalArgumentException("types() is empty: a Capability plugin must serve at least one type of"
                    + " category '" + capability.info().getCategory() + "'");
        }
        return capability;
    }
}
