package io.halkyon.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The evaluator DeployedManifestsIT checks the operator's requests with: it must be able to say no. */
class RbacTest {

    @SuppressWarnings("unchecked")
    private static final List<HasMetadata> OBJECTS = (List<HasMetadata>) new KubernetesSerialization().unmarshal("""
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: reader}
            rules:
              - apiGroups: ["apps"]
                resources: ["deployments"]
                verbs: ["get", "list"]
              - apiGroups: ["halkyon.io"]
                resources: ["capabilities/status"]
                verbs: ["patch"]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: reader}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader}
            subjects: [{kind: ServiceAccount, name: op, namespace: ops}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: leases, namespace: ops}
            rules:
              - apiGroups: ["coordination.k8s.io"]
                resources: ["leases"]
                resourceNames: ["mine"]
                verbs: ["get", "update"]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: leases, namespace: ops}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: leases}
            subjects: [{kind: ServiceAccount, name: op, namespace: ops}]
            """);

    private final Rbac op = Rbac.of(OBJECTS, "ops", "op");

    @Test
    void aClusterRoleBindingAllowsItsVerbsInEveryNamespaceAndNoOthers() {
        assertThat(op.denial(ApiRequest.parse("GET", "/apis/apps/v1/namespaces/a/deployments/x"))).isEmpty();
        assertThat(op.denial(ApiRequest.parse("GET", "/apis/apps/v1/deployments"))).isEmpty();
        assertThat(op.denial(ApiRequest.parse("GET", "/apis/apps/v1/deployments?watch=true&resourceVersion=1")))
                .hasValueSatisfying(why -> assertThat(why).contains("ops/op may not GET /apis/apps/v1/deployments",
                        "verb watch", "resources [\"deployments\"]", "apiGroups [\"apps\"]"));
        assertThat(op.denial(ApiRequest.parse("DELETE", "/apis/apps/v1/namespaces/a/deployments/x"))).isPresent();
    }

    @Test
    void aSubresourceNeedsItsOwnRule() {
        assertThat(op.denial(ApiRequest.parse("PATCH", "/apis/halkyon.io/v1beta1/namespaces/a/capabilities/c/status")))
                .isEmpty();
        assertThat(op.denial(ApiRequest.parse("PATCH", "/apis/halkyon.io/v1beta1/namespaces/a/capabilities/c")))
                .hasValueSatisfying(why -> assertThat(why).contains("resources [\"capabilities\"]"));
    }

    @Test
    void aRoleBindingAllowsOnlyInItsNamespaceAndOnlyTheNamedObjects() {
        assertThat(op.denial(ApiRequest.parse("GET", "/apis/coordination.k8s.io/v1/namespaces/ops/leases/mine")))
                .isEmpty();
        assertThat(op.denial(ApiRequest.parse("GET", "/apis/coordination.k8s.io/v1/namespaces/other/leases/mine")))
                .isPresent();
        assertThat(op.denial(ApiRequest.parse("GET", "/apis/coordination.k8s.io/v1/namespaces/ops/leases/theirs")))
                .isPresent();
        assertThat(op.denial(ApiRequest.parse("POST", "/apis/coordination.k8s.io/v1/namespaces/ops/leases")))
                .as("create cannot match resourceNames").isPresent();
    }

    @Test
    void discoveryIsEveryonesAndOtherServiceAccountsGetNothing() {
        assertThat(op.denial(ApiRequest.parse("GET", "/apis/apps/v1"))).isEmpty();
        assertThat(op.denial(ApiRequest.parse("GET", "/version"))).isEmpty();
        assertThat(op.denial(ApiRequest.parse("GET", "/metrics"))).isPresent();
        assertThat(Rbac.of(OBJECTS, "other", "op").denial(ApiRequest.parse("GET", "/apis/apps/v1/deployments")))
                .isPresent();
    }
}
