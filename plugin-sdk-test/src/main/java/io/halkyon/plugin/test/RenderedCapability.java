package io.halkyon.plugin.test;

import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.test.internal.Failures;
import io.halkyon.plugin.test.internal.OperatorRules;
import java.nio.file.Path;
import java.util.List;

/**
 * What a plugin renders for one Capability, as the operator gets it: the dependents in the
 * order the plugin gave them (the order the operator creates them in), each with the object
 * its Build returned. Made by {@link PluginHarness#render}.
 *
 * <pre>{@code
 * RenderedCapability rendered = plugin.render(db);
 * assertEquals(List.of("orders-db-config", "orders-db", "orders-db"),
 *         rendered.keys().stream().map(DependentKey::name).toList());
 * rendered.dependent("Service", "orders-db").assertField("spec.ports[0].port", 5432);
 * rendered.assertMatchesGolden(Path.of("src/test/golden/orders-db"));
 * }</pre>
 */
public final class RenderedCapability {

    private final String pluginName;
    private final Capability capability;
    private final List<RenderedDependent> dependents;

    RenderedCapability(String pluginName, Capability capability, List<RenderedDependent> dependents) {
        this.pluginName = pluginName;
        this.capability = capability;
        this.dependents = List.copyOf(dependents);
    }

    /** The Capability rendered. */
    public Capability capability() {
        return capability;
    }

    /** The dependents, in the plugin's order. */
    public List<RenderedDependent> dependents() {
        return dependents;
    }

    /** The dependents' keys, in the plugin's order. */
    public List<DependentKey> keys() {
        return dependents.stream().map(RenderedDependent::key).toList();
    }

    /**
     * The dependent of that kind and name.
     *
     * @throws org.opentest4j.AssertionFailedError when there is none, or several (of different
     *         groups or versions: use {@link #dependent(DependentKey)}); the message lists the keys
     */
    public RenderedDependent dependent(String kind, String name) {
        List<RenderedDependent> found = dependents.stream()
                .filter(d -> d.key().kind().equals(kind) && d.key().name().equals(name)).toList();
        if (found.size() != 1) {
            throw Failures.failure(describe() + ": expected one dependent " + kind + " " + name + " but found "
                    + found.size() + "; the dependents are " + described());
        }
        return found.get(0);
    }

    /**
     * The dependent with that key.
     *
     * @throws org.opentest4j.AssertionFailedError when there is none; the message lists the keys
     */
    public RenderedDependent dependent(DependentKey key) {
        return dependents.stream().filter(d -> d.key().equals(key)).findFirst()
                .orElseThrow(() -> Failures.failure(describe() + ": no dependent " + OperatorRules.describe(key)
                        + "; the dependents are " + described()));
    }

    /** {@code GoldenFiles.in(directory).assertMatches(this)}: see {@link GoldenFiles}. */
    public RenderedCapability assertMatchesGolden(Path directory) {
        GoldenFiles.in(directory).assertMatches(this);
        return this;
    }

    /** The name of the plugin that rendered it. */
    String pluginName() {
        return pluginName;
    }

    /** How messages name the Capability: {@code Capability shop/orders-db}. */
    String describe() {
        return "Capability " + capability.getMetadata().getNamespace() + "/" + capability.getMetadata().getName();
    }

    private List<String> described() {
        return keys().stream().map(OperatorRules::describe).toList();
    }

    @Override
    public String toString() {
        return describe() + " " + described();
    }
}
