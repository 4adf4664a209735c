package io.halkyon.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class DeniedKindsTest {

    private final DeniedKinds none = new DeniedKinds(Set.of());

    @Test
    void everyKindOfADeniedGroupAndEachDeniedKindIsRefusedOthersAreNot() {
        assertThat(none.problem("halkyon.io/v1beta1", "Capability")).isPresent();
        assertThat(none.problem("rbac.authorization.k8s.io/v1", "AnythingNew")).isPresent();
        assertThat(none.problem("v1", "ServiceAccount")).isPresent();
        assertThat(none.problem("discovery.k8s.io/v1", "EndpointSlice")).isPresent();
        assertThat(none.problem("v1", "ConfigMap")).isEmpty();
        assertThat(none.problem("v1", "Secret")).isEmpty();
        assertThat(none.problem("apps/v1", "StatefulSet")).isEmpty();
        assertThat(none.problem("example.halkyon.io/v1", "Thing")).as("only the group itself").isEmpty();
    }

    @Test
    void kindsAndGroupsAreComparedWithoutCase() {
        assertThat(none.problem("v1", "serviceaccount")).isPresent();
        assertThat(none.problem("RBAC.authorization.k8s.io/v1", "Role")).isPresent();
        assertThat(new DeniedKinds(Set.of("CORE/serviceAccount")).problem("v1", "ServiceAccount")).isEmpty();
    }

    @Test
    void allowingOneKindOfADeniedGroupLeavesTheRestOfItDenied() {
        DeniedKinds roles = new DeniedKinds(Set.of("rbac.authorization.k8s.io/Role"));
        assertThat(roles.problem("rbac.authorization.k8s.io/v1", "Role")).isEmpty();
        assertThat(roles.problem("rbac.authorization.k8s.io/v1", "RoleBinding")).isPresent();
        assertThat(new DeniedKinds(Set.of("rbac.authorization.k8s.io/*"))
                .problem("rbac.authorization.k8s.io/v1", "ClusterRoleBinding")).isEmpty();
    }

    @Test
    void anAllowedNameThatAllowsNothingIsRefusedListingTheEntries() {
        DeniedKinds.checkAllowed("core/ServiceAccount");
        DeniedKinds.checkAllowed("rbac.authorization.k8s.io/Role");
        DeniedKinds.checkAllowed("core/Secret:kubernetes.io/service-account-token");
        for (String bad : new String[] {"v1/ServiceAccount", "apps/Deployment", "rbac.authorization.k8s.io/", "Role",
                ""}) {
            assertThatThrownBy(() -> DeniedKinds.checkAllowed(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--allow-kind '" + bad + "' allows nothing")
                    .hasMessageContaining("core/ServiceAccount").hasMessageContaining("halkyon.io/*");
        }
    }
}
