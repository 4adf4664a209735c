package io.halkyon.plugin.test.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentKey;
import java.util.Objects;
import java.util.Optional;

/**
 * What the operator refuses in an object a plugin built, where the check needs nothing but the
 * object and its Capability (docs/protocol.md states the rules): it must be the dependent it was
 * declared as (apiVersion, kind and name) and go into the Capability's namespace (or name none,
 * which the operator fills in). The host library already refuses an answer without a kind or a
 * name, or of another kind. The operator's other rules (denied and cluster-scoped kinds, size)
 * depend on its settings and the cluster: {@code halkyon-operator plugins verify} and
 * {@code render} apply them.
 */
public final class OperatorRules {

    private OperatorRules() {
    }

    /** {@code apps/v1 StatefulSet orders-db}: how messages name a dependent. */
    public static String describe(DependentKey key) {
        return key.apiVersion() + " " + key.kind() + " " + key.name();
    }

    /** Why the operator would refuse {@code object} as dependent {@code declared} of {@code owner}, if it would. */
    public static Optional<String> problem(DependentKey declared, HasMetadata object, Capability owner) {
        if (object.getApiVersion() == null || object.getApiVersion().isBlank()) {
            return Optional.of("apiVersion is missing: the operator refuses an object without one");
        }
        DependentKey built = DependentKey.of(object);
        if (!built.equals(declared)) {
            return Optional.of("the object is a " + describe(built) + ", not the declared " + describe(declared)
                    + ": the operator refuses an object other than the declared one");
        }
        String namespace = object.getMetadata().getNamespace();
        String expected = owner.getMetadata().getNamespace();
        if (namespace != null && !namespace.isEmpty() && !Objects.equals(namespace, expected)) {
            return Optional.of("metadata.namespace: expected \"" + expected + "\" (the Capability's) or absent but was \""
                    + namespace + "\": the operator writes a plugin's objects only in the Capability's namespace");
        }
        return Optional.empty();
    }
}
