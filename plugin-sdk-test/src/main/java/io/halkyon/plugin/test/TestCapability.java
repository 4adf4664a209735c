package io.halkyon.plugin.test;

import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilitySpec;
import io.halkyon.plugin.api.Parameter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Builds the {@link Capability} a test hands to a plugin, as the operator would send it.
 *
 * <pre>{@code
 * Capability db = TestCapability.builder()
 *         .name("orders-db").namespace("shop")
 *         .category("database").type("postgres").version("15")
 *         .parameter("DB_USER", "shop")
 *         .build();
 * }</pre>
 *
 * <p>Defaults: name {@code test}, namespace {@code test}, no version (the plugin picks),
 * no parameters, and a uid derived from namespace and name (the same on every run, so golden
 * files that use it stay stable). Category and type have no default; {@link PluginHarness#capability()}
 * starts a builder with the plugin's category and first type.
 */
public final class TestCapability {

    private String name = "test";
    private String namespace = "test";
    private String category;
    private String type;
    private String version;
    private final List<Parameter> parameters = new ArrayList<>();
    private String uid;

    private TestCapability() {
    }

    /** A builder with the defaults above. */
    public static TestCapability builder() {
        return new TestCapability();
    }

    /** {@code metadata.name}. */
    public TestCapability name(String name) {
        this.name = Objects.requireNonNull(name, "name");
        return this;
    }

    /** {@code metadata.namespace}. */
    public TestCapability namespace(String namespace) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        return this;
    }

    /** {@code spec.category}. */
    public TestCapability category(String category) {
        this.category = category;
        return this;
    }

    /** {@code spec.type}. */
    public TestCapability type(String type) {
        this.type = type;
        return this;
    }

    /** {@code spec.version}; null or empty asks for no particular version. */
    public TestCapability version(String version) {
        this.version = version;
        return this;
    }

    /** Adds a {@code spec.parameters} entry; order is kept, as in a manifest. */
    public TestCapability parameter(String name, String value) {
        parameters.add(new Parameter(Objects.requireNonNull(name, "parameter name"), value));
        return this;
    }

    /** {@code metadata.uid}; by default derived from namespace and name. */
    public TestCapability uid(String uid) {
        this.uid = uid;
        return this;
    }

    /**
     * The Capability.
     *
     * @throws IllegalArgumentException when category or type is missing
     */
    public Capability build() {
        if (category == null || category.isBlank()) {
            throw new IllegalArgumentException("TestCapability: spec.category is required, e.g. category(\"database\")");
        }
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("TestCapability: spec.type is required, e.g. type(\"postgres\")");
        }
        Capability capability = Capability.of(name, namespace, new CapabilitySpec(category, type, version, parameters));
        capability.getMetadata().setUid(uid != null ? uid
                : UUID.nameUUIDFromBytes((namespace + "/" + name).getBytes(StandardCharsets.UTF_8)).toString());
        return capability;
    }
}
