package ${package};

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilitySpec;
import io.halkyon.plugin.api.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One Capability seen as an instance of ${category}/${type}: its names, version, labels and
 * parameters, with defaults applied. Every dependent is built from this, so they agree.
 */
final class CapabilityInstance {

    static final String CATEGORY = "${category}";
    static final String TYPE = "${type}";
    /** Oldest first: a Capability without spec.version gets the last one. */
    static final List<String> VERSIONS = List.of("$versions.replace(',', '", "')");
    static final String NEWEST_VERSION = VERSIONS.get(VERSIONS.size() - 1);
    /** The container image, {@code <IMAGE>:<version>}. */
    static final String IMAGE = TYPE;

    /** Converts and copies objects; heavy to create, thread-safe to share. */
    static final KubernetesSerialization JSON = new KubernetesSerialization();

    /** What a ConfigMap key may be (Kubernetes): letters, digits, '-', '_' and '.', up to 253. */
    private static final Pattern CONFIG_KEY = Pattern.compile("[-._a-zA-Z0-9]{1,253}");

    private final String name;
    private final String namespace;
    private final String version;
    private final Map<String, String> parameters;

    private CapabilityInstance(Capability owner) {
        this.name = owner.getMetadata().getName();
        this.namespace = owner.getMetadata().getNamespace();
        CapabilitySpec spec = spec(owner);
        this.version = blank(spec.getVersion()) ? NEWEST_VERSION : spec.getVersion().trim();
        Map<String, String> values = new LinkedHashMap<>();
        for (Parameter parameter : spec.getParameters()) {
            values.put(parameter.getName(), parameter.getValue() == null ? "" : parameter.getValue());
        }
        this.parameters = Map.copyOf(values);
    }

    /** The instance a valid Capability describes; an invalid one is refused with every problem. */
    static CapabilityInstance of(Capability owner) {
        List<String> problems = problems(owner);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid Capability: " + String.join("; ", problems));
        }
        return new CapabilityInstance(owner);
    }

    /** What is wrong with the Capability, one message each; empty when it is valid. */
    static List<String> problems(Capability owner) {
        List<String> problems = new ArrayList<>();
        if (owner == null || owner.getMetadata() == null || blank(owner.getMetadata().getName())) {
            problems.add("metadata.name is required: every object is named after the Capability");
            return problems;
        }
        CapabilitySpec spec = spec(owner);
        if (spec.getType() != null && !TYPE.equalsIgnoreCase(spec.getType())) {
            problems.add("type '" + spec.getType() + "' is not provided by this plugin; it provides '" + TYPE + "'");
        }
        if (!blank(spec.getVersion()) && !VERSIONS.contains(spec.getVersion().trim())) {
            problems.add(TYPE + " version '" + spec.getVersion() + "' is not offered; offered versions: "
                    + String.join(", ", VERSIONS) + " (empty means " + NEWEST_VERSION + ")");
        }
        List<String> seen = new ArrayList<>();
        for (Parameter parameter : spec.getParameters()) {
            String key = parameter.getName();
            if (key == null || !CONFIG_KEY.matcher(key).matches()) {
                problems.add("parameter name '" + key + "' must be 1 to 253 letters, digits, '-', '_' or '.'");
            } else if (seen.contains(key)) {
                problems.add("parameter '" + key + "' is given twice");
            } else {
                seen.add(key);
            }
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
        return IMAGE + ":" + version;
    }

    String configMapName() {
        return name + "-config";
    }

    /** The Capability's parameters by name, in no particular order. */
    Map<String, String> parameters() {
        return parameters;
    }

    /** The labels selecting this instance's pods; stable across versions, as a selector is immutable. */
    Map<String, String> selectorLabels() {
        return Map.of("app.kubernetes.io/instance", name, "app.kubernetes.io/name", TYPE);
    }

    /** The selector labels plus the other standard {@code app.kubernetes.io} ones. */
    Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>(selectorLabels());
        labels.put("app.kubernetes.io/version", version);
        labels.put("app.kubernetes.io/component", CATEGORY);
        labels.put("app.kubernetes.io/managed-by", "halkyon");
        return labels;
    }

    /** Metadata for a dependent: the given name, the Capability's namespace (the operator requires it), the labels. */
    ObjectMeta metadata(String objectName) {
        return new ObjectMetaBuilder().withName(objectName).withNamespace(namespace).withLabels(labels()).build();
    }

    private static CapabilitySpec spec(Capability owner) {
        return owner.getSpec() == null ? new CapabilitySpec() : owner.getSpec();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
