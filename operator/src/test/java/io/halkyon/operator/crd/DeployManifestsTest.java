package io.halkyon.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.halkyon.operator.HalkyonOperator;
import io.halkyon.operator.remote.KubernetesAccess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * operator/deploy/operator.yaml and the remote plugin example's RBAC
 * (examples/remote-postgres/deploy/rbac.yaml): what a cluster admin applies.
 */
class DeployManifestsTest {

    private static List<HasMetadata> manifests() throws IOException {
        return manifests("operator.yaml");
    }

    private static List<HasMetadata> manifests(String file) throws IOException {
        return manifests(Path.of("deploy", file));
    }

    private static List<HasMetadata> manifests(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Object parsed = new KubernetesSerialization().unmarshal(in);
            @SuppressWarnings("unchecked")
            List<HasMetadata> list = (List<HasMetadata>) parsed;
            return list;
        }
    }

    private static <T> T only(List<HasMetadata> all, Class<T> type, String name) {
        return all.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> ((HasMetadata) o).getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theDeploymentFetchesPluginsIntoAnEmptyDirFromTheConfigMapAndUsesFlagsThatExist() throws IOException {
        List<HasMetadata> all = manifests();
        Deployment deployment = only(all, Deployment.class, "halkyon-operator");
        Container operator = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
                .anySatisfy(v -> assertThat(v.getName()).isEqualTo("plugins"))
                .allSatisfy(v -> assertThat(v.getEmptyDir()).isNotNull());
        assertThat(operator.getEnv()).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo("HALKYON_PLUGINS");
            assertThat(env.getValueFrom().getConfigMapKeyRef().getName()).isEqualTo("halkyon-plugins");
        });
        assertThat(only(all, ConfigMap.class, "halkyon-plugins").getData()).containsKey("HALKYON_PLUGINS");
        assertThat(HalkyonOperator.commandLine().parseArgs(operator.getArgs().toArray(String[]::new))
                .hasSubcommand()).as("the Deployment's args parse as an operator command").isTrue();
    }

    @Test
    void theDeploymentServesProbesAndMetricsOnANamedPort() throws IOException {
        Deployment deployment = only(manifests(), Deployment.class, "halkyon-operator");
        Container operator = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(operator.getEnv()).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo("HALKYON_METRICS_ADDRESS");
            assertThat(env.getValue()).isEqualTo("0.0.0.0:8080");
        });
        assertThat(operator.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("metrics");
            assertThat(p.getContainerPort()).isEqualTo(8080);
        });
        assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(operator.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("metrics");
        assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(operator.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("metrics");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/port", "8080").containsEntry("prometheus.io/path", "/metrics");
        String[] args = operator.getArgs().toArray(String[]::new);
        assertThat(HalkyonOperator.commandLine().parseArgs(args).subcommand().commandSpec().findOption("--metrics-address"))
                .as("the flag the variable sets exists").isNotNull();
    }

    @Test
    void theClusterRoleGrantsTheOperatorsOwnResourcesAndTheExampleKinds() throws IOException {
        List<PolicyRule> rules = only(manifests(), ClusterRole.class, "halkyon-operator").getRules();

        assertThat(rules).anySatisfy(r -> assertThat(r.getResources()).contains("capabilities/status"));
        assertThat(rules).anySatisfy(r -> assertThat(r.getResources()).contains("capabilityinfos"));
        assertThat(rules).anySatisfy(r -> assertThat(r.getResources()).contains("statefulsets"));
        assertThat(rules).anySatisfy(r -> assertThat(r.getResources()).contains("secrets", "services"));
        assertThat(rules).noneSatisfy(r -> assertThat(r.getResources()).contains("*"));
    }

    @Test
    void theClusterRoleLetsTheOperatorReviewRemotePluginTokensAndPermissions() throws IOException {
        List<PolicyRule> rules = only(manifests(), ClusterRole.class, "halkyon-operator").getRules();

        assertThat(rules).anySatisfy(r -> {
            assertThat(r.getApiGroups()).containsExactly("authentication.k8s.io");
            assertThat(r.getResources()).containsExactly("tokenreviews");
            assertThat(r.getVerbs()).containsExactly("create");
        });
        assertThat(rules).anySatisfy(r -> {
            assertThat(r.getApiGroups()).containsExactly("authorization.k8s.io");
            assertThat(r.getResources()).containsExactly("subjectaccessreviews");
            assertThat(r.getVerbs()).containsExactly("create");
        });
    }

    @Test
    void theRemotePluginExampleGrantsOneServiceAccountTheReviewedPermissionOnOneNameInTheOperatorsNamespace()
            throws IOException {
        // The SubjectAccessReview's namespace is the operator's: where its ServiceAccount lives.
        String operatorNamespace = only(manifests(), ServiceAccount.class, "halkyon-operator").getMetadata()
                .getNamespace();
        List<HasMetadata> example = manifests(Path.of("..", "examples", "remote-postgres", "deploy", "rbac.yaml"));
        Role role = only(example, Role.class, "remote-plugin-postgres");
        RoleBinding binding = only(example, RoleBinding.class, "remote-plugin-postgres");

        assertThat(role.getMetadata().getNamespace()).isEqualTo(operatorNamespace);
        assertThat(role.getRules()).singleElement().satisfies(r -> {
            // The attributes KubernetesAccess puts in its SubjectAccessReview.
            assertThat(r.getApiGroups()).containsExactly(KubernetesAccess.GROUP);
            assertThat(r.getResources()).containsExactly(KubernetesAccess.RESOURCE);
            assertThat(r.getVerbs()).containsExactly(KubernetesAccess.VERB);
            assertThat(r.getResourceNames()).containsExactly("postgres");
        });
        assertThat(binding.getMetadata().getNamespace()).isEqualTo(operatorNamespace);
        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo("postgres-plugin");
            assertThat(s.getNamespace()).isEqualTo("databases");
        });
    }
}
