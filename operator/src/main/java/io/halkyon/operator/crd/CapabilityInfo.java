package io.halkyon.operator.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.KubernetesNames;
import java.util.Locale;

/**
 * What the loaded plugins offer, one object per (category, type): {@code halkyon.io/v1beta1},
 * kind {@code CapabilityInfo}, cluster-scoped, short name {@code capinfo}, named
 * {@code <category>-<type>} in lower case. The operator keeps these equal to its plugin
 * registry; users read them ({@code kubectl get capinfo}) to see what they can ask for. A remote
 * plugin's show its connected replicas (column Connections, empty for a plugin file) and their
 * identities.
 */
@Group(Capability.GROUP)
@Version(Capability.VERSION)
@Kind("CapabilityInfo")
@Plural("capabilityinfos")
@Singular("capabilityinfo")
@ShortNames("capinfo")
@AdditionalPrinterColumn(name = "Category", jsonPath = ".spec.category")
@AdditionalPrinterColumn(name = "Type", jsonPath = ".spec.type")
@AdditionalPrinterColumn(name = "Versions", jsonPath = ".spec.versions")
@AdditionalPrinterColumn(name = "Plugin", jsonPath = ".spec.plugin")
@AdditionalPrinterColumn(name = "Connections", jsonPath = ".spec.connections", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class CapabilityInfo extends CustomResource<CapabilityInfoSpec, Void> {

    /**
     * The object name for a (category, type): {@code <category>-<type>}, lower case.
     *
     * @throws IllegalArgumentException in the API server's words when that is not a valid object
     *                                  name (a host refuses such plugins; a hand-made registry may not)
     */
    public static String nameFor(String category, String type) {
        String name = (category + "-" + type).toLowerCase(Locale.ROOT);
        KubernetesNames.checkSubdomain("metadata.name", name).ifPresent(problem -> {
            throw new IllegalArgumentException("no CapabilityInfo can be named after this category and type: "
                    + problem);
        });
        return name;
    }

    /** A CapabilityInfo named after its spec's category and type. */
    public static CapabilityInfo of(CapabilityInfoSpec spec) {
        CapabilityInfo info = new CapabilityInfo();
        info.getMetadata().setName(nameFor(spec.getCategory(), spec.getType()));
        info.setSpec(spec);
        return info;
    }

    @Override
    protected CapabilityInfoSpec initSpec() {
        return new CapabilityInfoSpec();
    }
}
