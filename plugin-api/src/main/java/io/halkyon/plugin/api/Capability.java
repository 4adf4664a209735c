package io.halkyon.plugin.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A request for a capability (a database, a metrics stack...) that some plugin provides:
 * {@code halkyon.io/v1beta1}, kind {@code Capability}, namespaced, short name {@code cap}.
 *
 * <p>The operator owns the status (see {@link CapabilityStatus}); {@code kubectl get} shows its
 * Ready condition, and {@code -o wide} the plugin serving it. Plugins receive the whole resource (metadata included)
 * as the owner of the dependents they describe, so they can name objects after it and
 * read its {@link CapabilitySpec#getParameters() parameters}.
 */
@Group(Capability.GROUP)
@Version(Capability.VERSION)
@Kind("Capability")
@Plural("capabilities")
@Singular("capability")
@ShortNames("cap")
@AdditionalPrinterColumn(name = "Category", jsonPath = ".spec.category")
@AdditionalPrinterColumn(name = "Type", jsonPath = ".spec.type")
@AdditionalPrinterColumn(name = "Version", jsonPath = ".spec.version")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason")
@AdditionalPrinterColumn(name = "Message", jsonPath = ".status.conditions[?(@.type==\"Ready\")].message")
@AdditionalPrinterColumn(name = "Plugin", jsonPath = ".status.plugin", priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class Capability extends CustomResource<CapabilitySpec, CapabilityStatus> implements Namespaced {

    public static final String GROUP = "halkyon.io";
    public static final String VERSION = "v1beta1";
    public static final String API_VERSION = GROUP + "/" + VERSION;

    /** Creates an empty Capability; Jackson and the Kubernetes client use this. */
    public Capability() {
    }

    /** Creates a Capability with the given name, namespace and spec, for tests and tools. */
    public static Capability of(String name, String namespace, CapabilitySpec spec) {
        Capability capability = new Capability();
        capability.getMetadata().setName(name);
        capability.getMetadata().setNamespace(namespace);
        capability.setSpec(spec);
        return capability;
    }

    @Override
    protected CapabilitySpec initSpec() {
        return new CapabilitySpec();
    }

    @Override
    protected CapabilityStatus initStatus() {
        return new CapabilityStatus();
    }
}
