package io.halkyon.operator.verify;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilitySpec;
import io.halkyon.plugin.api.KubernetesNames;
import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.api.TypeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Capabilities the contract is checked with: one per category/type/version the plugin
 * declares (at most {@link #MAX_SAMPLES}), without parameters, in namespace {@value #NAMESPACE};
 * or the user's, given the same namespace and uid defaults when they name none.
 */
final class Samples {

    static final String NAMESPACE = "verify";
    static final int MAX_SAMPLES = 32;
    private static final String UID = "00000000-0000-0000-0000-00000000cafe";
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Samples() {
    }

    /** The plugin's combinations, the first {@link #MAX_SAMPLES}; {@code total} is how many there are. */
    record Set(List<Capability> capabilities, int total) {
    }

    static Set of(Plugin plugin, List<Capability> given) {
        if (!given.isEmpty()) {
            List<Capability> copies = given.stream().map(Samples::withDefaults).toList();
            return new Set(copies, copies.size());
        }
        List<Capability> samples = new ArrayList<>();
        int total = 0;
        for (TypeInfo type : plugin.types()) {
            for (String version : type.versions()) {
                total++;
                if (samples.size() < MAX_SAMPLES) {
                    samples.add(withDefaults(Capability.of(name(type.type(), version), NAMESPACE,
                            new CapabilitySpec(plugin.category(), type.type(), version, List.of()))));
                }
            }
        }
        return new Set(samples, total);
    }

    /** {@code verify-<type>-<version>}, made a DNS label whatever the version holds. */
    private static String name(String type, String version) {
        String name = ("verify-" + type + "-" + version).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        name = name.length() > KubernetesNames.MAX_LABEL_LENGTH ? name.substring(0, KubernetesNames.MAX_LABEL_LENGTH)
                : name;
        return name.replaceAll("-+$", "");
    }

    private static Capability withDefaults(Capability capability) {
        Capability copy = SERIALIZATION.clone(capability);
        if (copy.getMetadata().getNamespace() == null || copy.getMetadata().getNamespace().isBlank()) {
            copy.getMetadata().setNamespace(NAMESPACE);
        }
        if (copy.getMetadata().getUid() == null || copy.getMetadata().getUid().isBlank()) {
            copy.getMetadata().setUid(UID);
        }
        return copy;
    }

    /** {@code namespace/name (type/version)}, for details. */
    static String describe(Capability capability) {
        CapabilitySpec spec = capability.getSpec();
        return capability.getMetadata().getNamespace() + "/" + capability.getMetadata().getName() + " ("
                + (spec == null ? "no spec" : spec.getCategory() + "/" + spec.getType() + "/" + spec.getVersion()) + ")";
    }
}
