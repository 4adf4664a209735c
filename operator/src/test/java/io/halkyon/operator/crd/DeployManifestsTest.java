package io.halkyon.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.halkyon.operator.HalkyonOperator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** operator/deploy/operator.yaml: what a cluster admin applies. */
class DeployManifestsTest {

    private static List<HasMetadata> manifests() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("deploy", "operator.yaml"))) {
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
    void theClusterRoleGrantsTheOperatorsOwnResourcesAndTheExampleKinds() throws IOException {
        List<PolicyRule> rules = only(manifests(), ClusterRole.class, "halkyon-operator").getRules();

        assertThat(rules).anySatisfy(r -> assertThat(r.getResources()).contains("capabilities/status"));
        assertThat(rules).anySatisfy(r -> assertThat(r.getResources()).contains("capabilityinfos"));
        assertThat(rules).anySatisfy(r -> assertThat(r.getResources()).contains("statefulsets"));
        assertThat(rules).anySatisfy(r -> assertThat(r.getResources()).contains("secrets", "services"));
        assertThat(rules).noneSatisfy(r -> assertThat(r.getResources()).contains("*"));
    }
}
