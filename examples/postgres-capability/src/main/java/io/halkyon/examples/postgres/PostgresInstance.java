package io.halkyon.examples.postgres;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilitySpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Capability seen as a postgres instance: its names, version, labels and parameters, with
 * defaults applied. Every dependent is built from this, so they agree on names and labels.
 */
final class PostgresInstance {

    static final String CATEGORY = "database";
    static final String TYPE = "postgres";
    static final List<String> VERSIONS = List.of("13", "14", "15", "16");
    static final String NEWEST_VERSION = VERSIONS.get(VERSIONS.size() - 1);

    static final int POSTGRES_PORT = 5432;
    static final String DEFAULT_USER = "admin";
    static final String DEFAULT_STORAGE_SIZE = "1Gi";

    // Keys of the Secret, and the names of the parameters that override them.
    static final String DB_HOST = "DB_HOST";
    static final String DB_PORT = "DB_PORT";
    static final String DB_NAME = "DB_NAME";
    static final String DB_USER = "DB_USER";
    static final String DB_PASSWORD = "DB_PASSWORD";
    /** Not in the Secret: the size of the data volume. */
    static final String DB_STORAGE_SIZE = "DB_STORAGE_SIZE";

    private final String name;
    private final String namespace;
    private final String version;
    private final CapabilitySpec spec;

    private PostgresInstance(Capability owner) {
        this.name = owner.getMetadata().getName();
        this.namespace = owner.getMetadata().getNamespace();
        this.spec = owner.getSpec() == null ? new CapabilitySpec() : owner.getSpec();
        String requested = spec.getVersion();
        this.version = requested == null || requested.isBlank() ? NEWEST_VERSION : requested.trim();
    }

    /** The instance a valid Capability describes; an invalid one is rejected with every problem. */
    static PostgresInstance of(Capability owner) {
        List<String> problems = problems(owner);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid Capability: " + String.join("; ", problems));
        }
        return new PostgresInstance(owner);
    }

    /** What is wrong with the Capability, one message each; empty when it is valid. */
    static List<String> problems(Capability owner) {
        List<String> problems = new ArrayList<>();
        if (owner == null || owner.getMetadata() == null || blank(owner.getMetadata().getName())) {
            problems.add("metadata.name is required: every object is named after the Capability");
            return problems;
        }
        CapabilitySpec spec = owner.getSpec() == null ? new CapabilitySpec() : owner.getSpec();
        if (spec.getType() != null && !TYPE.equalsIgnoreCase(spec.getType())) {
            problems.add("type '" + spec.getType() + "' is not provided by this plugin; it provides '" + TYPE + "'");
        }
        String version = spec.getVersion();
        if (!blank(version) && !VERSIONS.contains(version.trim())) {
            problems.add("postgres version '" + version + "' is not offered; offered versions: "
                    + String.join(", ", VERSIONS) + " (empty means " + NEWEST_VERSION + ")");
        }
        spec.parameter(DB_PORT).ifPresent(port -> {
            if (parsePort(port) < 0) {
                problems.add("parameter " + DB_PORT + " must be a port number between 1 and 65535, got '" + port + "'");
            }
        });
        spec.parameter(DB_STORAGE_SIZE).ifPresent(size -> {
            if (!validQuantity(size)) {
                problems.add("parameter " + DB_STORAGE_SIZE + " must be a Kubernetes quantity such as 1Gi or 500Mi, got '"
                        + size + "'");
            }
        });
        for (String key : List.of(DB_HOST, DB_NAME, DB_USER, DB_PASSWORD)) {
            spec.parameter(key).filter(PostgresInstance::blank)
                    .ifPresent(v -> problems.add("parameter " + key + " must not be empty when given"));
        }
        return problems;
    }

    String name() {
        return name;
    }

    String namespace() {
        return namespace;
    }

    /** The requested version, or the newest when none was requested. */
    String version() {
        return version;
    }

    String image() {
        return "postgres:" + version;
    }

    String secretName() {
        return name + "-config";
    }

    String serviceName() {
        return name;
    }

    /** The port clients use (DB_PORT, default 5432); the container always listens on 5432. */
    int port() {
        return parameter(DB_PORT).map(PostgresInstance::parsePort).orElse(POSTGRES_PORT);
    }

    String storageSize() {
        return parameter(DB_STORAGE_SIZE).map(String::trim).orElse(DEFAULT_STORAGE_SIZE);
    }

    /** A parameter's value as given (a password may hold any character). */
    Optional<String> parameter(String key) {
        return spec.parameter(key);
    }

    /** The labels selecting this instance's pods; stable across versions, as selectors are immutable. */
    Map<String, String> selectorLabels() {
        return Map.of("app", name);
    }

    /** The selector labels plus the standard {@code app.kubernetes.io} ones. */
    Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app", name);
        labels.put("app.kubernetes.io/name", TYPE);
        labels.put("app.kubernetes.io/instance", name);
        labels.put("app.kubernetes.io/version", version);
        labels.put("app.kubernetes.io/component", CATEGORY);
        labels.put("app.kubernetes.io/managed-by", "halkyon");
        return labels;
    }

    /** Metadata for a dependent: the given name, the Capability's namespace, the labels. */
    ObjectMeta metadata(String objectName) {
        return new ObjectMetaBuilder().withName(objectName).withNamespace(namespace).withLabels(labels()).build();
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value.trim());
            return port >= 1 && port <= 65535 ? port : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean validQuantity(String value) {
        try {
            return Quantity.getAmountInBytes(new Quantity(value.trim())).signum() > 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
