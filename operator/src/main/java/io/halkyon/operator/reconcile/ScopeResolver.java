package io.halkyon.operator.reconcile;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a kind is namespaced or cluster-scoped. In order: fabric8's typed model (built-in
 * kinds: a class implementing {@link Namespaced}), then the API server's discovery when there is
 * a client, then a built-in list of cluster-scoped kinds. When discovery answers for the
 * apiVersion but does not list the kind, the scope is {@link Scope#UNKNOWN}: the object cannot
 * be created there anyway, and guessing could let an object land cluster-wide.
 */
public final class ScopeResolver {

    /** The scope of a kind. */
    public enum Scope { NAMESPACED, CLUSTER, UNKNOWN }

    private static final Logger log = LoggerFactory.getLogger(ScopeResolver.class);

    /** Cluster-scoped kinds by {@code group/kind} (core group: empty), for when nothing else knows. */
    static final Set<String> CLUSTER_SCOPED = Set.of(
            "/Namespace", "/Node", "/PersistentVolume", "/ComponentStatus",
            "rbac.authorization.k8s.io/ClusterRole", "rbac.authorization.k8s.io/ClusterRoleBinding",
            "apiextensions.k8s.io/CustomResourceDefinition", "apiregistration.k8s.io/APIService",
            "storage.k8s.io/StorageClass", "storage.k8s.io/CSIDriver", "storage.k8s.io/CSINode",
            "storage.k8s.io/VolumeAttachment", "storage.k8s.io/VolumeAttributesClass",
            "scheduling.k8s.io/PriorityClass", "node.k8s.io/RuntimeClass",
            "admissionregistration.k8s.io/MutatingWebhookConfiguration",
            "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
            "admissionregistration.k8s.io/ValidatingAdmissionPolicy",
            "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding",
            "admissionregistration.k8s.io/MutatingAdmissionPolicy",
            "admissionregistration.k8s.io/MutatingAdmissionPolicyBinding",
            "certificates.k8s.io/CertificateSigningRequest", "certificates.k8s.io/ClusterTrustBundle",
            "networking.k8s.io/IngressClass", "networking.k8s.io/IPAddress", "networking.k8s.io/ServiceCIDR",
            "flowcontrol.apiserver.k8s.io/FlowSchema", "flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration",
            "policy/PodSecurityPolicy", "resource.k8s.io/DeviceClass",
            "authentication.k8s.io/TokenReview", "authentication.k8s.io/SelfSubjectReview",
            "authorization.k8s.io/SubjectAccessReview", "authorization.k8s.io/SelfSubjectAccessReview",
            "authorization.k8s.io/SelfSubjectRulesReview",
            "halkyon.io/CapabilityInfo");

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final KubernetesClient client;
    private final Map<String, Scope> discovered = new ConcurrentHashMap<>();

    /** @param client for API discovery; {@code null} when there is no cluster (render) */
    public ScopeResolver(KubernetesClient client) {
        this.client = client;
    }

    /** The scope of {@code kind} in {@code apiVersion} ({@code v1}, {@code apps/v1}...). */
    public Scope scopeOf(String apiVersion, String kind) {
        Class<? extends KubernetesResource> typed = SERIALIZATION.getRegisteredKubernetesResource(apiVersion, kind);
        if (typed != null) {
            return Namespaced.class.isAssignableFrom(typed) ? Scope.NAMESPACED : Scope.CLUSTER;
        }
        String key = apiVersion + "/" + kind;
        Scope cached = discovered.get(key);
        if (cached != null) {
            return cached;
        }
        Optional<Scope> fromDiscovery = discover(apiVersion, kind);
        if (fromDiscovery.isPresent()) {
            if (fromDiscovery.get() != Scope.UNKNOWN) {
                discovered.put(key, fromDiscovery.get()); // a kind missing now may be installed later
            }
            return fromDiscovery.get();
        }
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        return CLUSTER_SCOPED.contains(group + "/" + kind) ? Scope.CLUSTER : Scope.NAMESPACED;
    }

    /** Empty when discovery is not available for this apiVersion (no client, no answer, an error). */
    private Optional<Scope> discover(String apiVersion, String kind) {
        if (client == null) {
            return Optional.empty();
        }
        try {
            APIResourceList list = client.getApiResources(apiVersion);
            if (list == null || list.getResources() == null) {
                return Optional.empty();
            }
            return Optional.of(list.getResources().stream()
                    .filter(r -> kind.equals(r.getKind()) && r.getName() != null && !r.getName().contains("/"))
                    .findFirst()
                    .map(ScopeResolver::scopeOf)
                    .orElse(Scope.UNKNOWN));
        } catch (RuntimeException e) {
            log.debug("API discovery of {} failed, using the built-in list: {}", apiVersion, e.toString());
            return Optional.empty();
        }
    }

    private static Scope scopeOf(APIResource resource) {
        return Boolean.TRUE.equals(resource.getNamespaced()) ? Scope.NAMESPACED : Scope.CLUSTER;
    }
}
