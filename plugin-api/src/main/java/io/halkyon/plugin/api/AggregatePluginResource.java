package io.halkyon.plugin.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Serves several types of one category from one plugin, dispatching each Capability to the
 * resource that declares its type (case-insensitively).
 */
public final class AggregatePluginResource implements PluginResource {

    private final String name;
    private final String category;
    private final List<PluginResource> resources;
    private final List<TypeInfo> types;

    private AggregatePluginResource(String name, List<PluginResource> resources) {
        if (resources.isEmpty()) {
            throw new IllegalArgumentException("an aggregate needs at least one PluginResource");
        }
        this.category = resources.get(0).category();
        List<TypeInfo> all = new ArrayList<>();
        for (PluginResource resource : resources) {
            if (!resource.category().equalsIgnoreCase(category)) {
                throw new IllegalArgumentException("an aggregate serves one category: '" + category
                        + "' and '" + resource.category() + "' differ");
            }
            for (TypeInfo type : resource.types()) {
                if (all.stream().anyMatch(t -> t.hasName(type.type()))) {
                    throw new IllegalArgumentException("type '" + type.type() + "' of category '" + category
                            + "' is declared by two resources of the aggregate");
                }
                all.add(type);
            }
        }
        this.name = name == null ? category : name;
        this.resources = List.copyOf(resources);
        this.types = List.copyOf(all);
    }

    /** An aggregate named after its category. */
    public static AggregatePluginResource of(PluginResource... resources) {
        return new AggregatePluginResource(null, List.of(resources));
    }

    /** An aggregate with the given plugin name. */
    public static AggregatePluginResource named(String name, List<PluginResource> resources) {
        return new AggregatePluginResource(Objects.requireNonNull(name, "name"), resources);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String category() {
        return category;
    }

    @Override
    public List<TypeInfo> types() {
        return types;
    }

    @Override
    public List<String> checkValidity(Capability owner) {
        return resourceFor(owner).checkValidity(owner);
    }

    @Override
    public List<DependentResource> dependentResourcesWith(Capability owner) {
        return resourceFor(owner).dependentResourcesWith(owner);
    }

    private PluginResource resourceFor(Capability owner) {
        String type = owner.getSpec() == null ? null : owner.getSpec().getType();
        for (PluginResource resource : resources) {
            if (resource.types().stream().anyMatch(t -> t.hasName(type))) {
                return resource;
            }
        }
        throw new IllegalArgumentException("plugin '" + name + "' does not provide type '" + type
                + "' of category '" + category + "'; it provides " + types.stream().map(TypeInfo::type).toList());
    }
}
