package io.halkyon.operator.reconcile;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.Parameter;
import java.util.List;
import java.util.Objects;

/**
 * What a plugin may see of a live object. The operator reads with its own credentials, so this
 * is the rule for every live object handed to a plugin (Update, GetCondition): the plugin gets
 * the whole object only when it is
 * <ul>
 *   <li>managed by the Capability: it carries the Capability's labels, as everything the
 *       operator writes for it does ({@link DependentObjects#managedBy});</li>
 *   <li>owned by the Capability: an owner reference to it, by uid; or</li>
 *   <li>named in the Capability's spec: a namespaced object of the Capability's namespace whose
 *       name is the value of one of {@code spec.parameters}. Whoever may create a Capability may
 *       thus have its plugin read any object of that namespace that the plugin declares as a
 *       dependent: grant Capability-create rights as you would read rights on those objects.</li>
 * </ul>
 * Any other object (pre-existing, another Capability's, cluster-scoped and not managed) reaches
 * the plugin as an identity-only stub: apiVersion, kind, metadata.name and metadata.namespace,
 * nothing else (no data, spec, status, labels or annotations). The plugin learns that it exists,
 * so a readiness check can still say so, and never what it holds.
 */
final class LiveView {

    private LiveView() {
    }

    /** {@code live} itself when {@code owner}'s plugin may read it, else its identity-only stub. */
    static HasMetadata forPlugin(HasMetadata live, Capability owner, boolean namespaced) {
        if (DependentObjects.managedBy(live, owner) || DependentObjects.isOwnedBy(live, owner)
                || namespaced && namedInSpec(live, owner)) {
            return live;
        }
        return stub(live);
    }

    private static boolean namedInSpec(HasMetadata live, Capability owner) {
        List<Parameter> parameters = owner.getSpec() == null ? null : owner.getSpec().getParameters();
        String name = live.getMetadata().getName();
        return parameters != null
                && Objects.equals(live.getMetadata().getNamespace(), owner.getMetadata().getNamespace())
                && parameters.stream().anyMatch(p -> p != null && Objects.equals(p.getValue(), name));
    }

    /** apiVersion, kind, name and namespace of {@code live}, nothing more. */
    static HasMetadata stub(HasMetadata live) {
        GenericKubernetesResource stub = new GenericKubernetesResource();
        stub.setApiVersion(live.getApiVersion());
        stub.setKind(live.getKind());
        stub.setMetadata(new ObjectMetaBuilder().withName(live.getMetadata().getName())
                .withNamespace(live.getMetadata().getNamespace()).build());
        return stub;
    }
}
