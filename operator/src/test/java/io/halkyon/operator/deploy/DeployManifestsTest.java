package io.halkyon.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * operator/deploy as an admin applies it (every overlay rendered by kubectl kustomize), and the
 * remote plugin example's RBAC (examples/remote-postgres/deploy/rbac.yaml).
 */
class DeployManifestsTest {

    private static final BuildImages IMAGES = BuildImages.load();

    private static List<HasMetadata> manifests() {
        return Kustomize.overlay(Kustomize.DEFAULT);
    }

    private static List<HasMetadata> manifests(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Object parsed = new KubernetesSerialization().unmarshal(in);
            @SuppressWarnings("unchecked")
            List<HasMetadata> list = (List<HasMetadata>) parsed;
            return list;
        }
    }

    static Stream<String> overlays() {
        return Kustomize.OVERLAYS.stream();
    }

    static Container operator(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals("operator")).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyObjectParsesAsItsKindWithANameAndTheNamespaceOfTheOperator(String overlay) {
        List<HasMetadata> all = Kustomize.overlay(overlay);

        assertThat(all).as("objects of %s", overlay).isNotEmpty().allSatisfy(o -> {
            assertThat(o.getMetadata().getName()).isNotBlank();
            if (!o.getApiVersion().contains(".") || o.getApiVersion().contains(".k8s.io/")
                    || o.getApiVersion().startsWith("apps/")) {
                assertThat(o).as("%s %s: a Kubernetes kind fabric8 knows", o.getKind(), o.getMetadata().getName())
                        .isNotInstanceOf(GenericKubernetesResource.class);
            }
            if (!(o instanceof CustomResourceDefinition || o instanceof Namespace || o instanceof ClusterRole
                    || o instanceof ClusterRoleBinding)) {
                assertThat(o.getMetadata().getNamespace()).as("%s %s", o.getKind(), o.getMetadata().getName())
                        .isEqualTo("halkyon");
            }
        });
        assertThat(all).filteredOn(CustomResourceDefinition.class::isInstance).hasSize(2);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyImageIsOneTheBuildNamesOrAPinnedThirdPartyOne(String overlay) {
        Deployment deployment = only(Kustomize.overlay(overlay), Deployment.class, "halkyon-operator");
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();

        assertThat(operator(deployment).getImage()).isEqualTo(IMAGES.operator());
        assertThat(pod.getInitContainers()).allSatisfy(c -> assertThat(c.getImage()).as("init container %s", c.getName())
                .isEqualTo(IMAGES.postgresPlugin()));
        assertThat(pod.getContainers()).filteredOn(c -> !c.getName().equals("operator"))
                .allSatisfy(c -> assertThat(c.getImage()).as("sidecar %s: a pinned version", c.getName())
                        .matches("[a-z0-9./-]+:v[0-9.]+"));
        assertThat(IMAGES.tag()).isEqualTo(IMAGES.version());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theOperatorsArgsParseAndItsImageRunsThroughTini(String overlay) {
        Container operator = operator(only(Kustomize.overlay(overlay), Deployment.class, "halkyon-operator"));

        assertThat(HalkyonOperator.commandLine().parseArgs(operator.getArgs().toArray(String[]::new))
                .subcommand().commandSpec().name()).isEqualTo("run");
        assertThat(operator.getCommand()).startsWith("/usr/bin/tini", "--", "java")
                .endsWith("-jar", "/opt/halkyon/halkyon-operator.jar");
    }

    @Test
    void theDefaultOverlayCopiesThePluginImageIntoThePluginsVolumeWithoutFetching() {
        Deployment deployment = only(manifests(), Deployment.class, "halkyon-operator");
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container operator = operator(deployment);
        String pluginsDir = HalkyonOperator.commandLine().parseArgs(operator.getArgs().toArray(String[]::new))
                .subcommand().matchedOptionValue("--plugins-dir", Path.of("")).toString();

        assertThat(pod.getVolumes()).anySatisfy(v -> {
            assertThat(v.getName()).isEqualTo("plugins");
            assertThat(v.getEmptyDir()).isNotNull();
        });
        assertThat(operator.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo("plugins");
            assertThat(m.getMountPath()).isEqualTo(pluginsDir);
        });
        assertThat(pod.getInitContainers()).singleElement().satisfies(init -> {
            // The image's ENTRYPOINT copies /plugins/. into /target/ (examples/postgres-capability/Containerfile).
            assertThat(init.getVolumeMounts()).singleElement().satisfies(m -> {
                assertThat(m.getName()).isEqualTo("plugins");
                assertThat(m.getMountPath()).isEqualTo("/target");
            });
            assertThat(init.getCommand()).as("the image's own ENTRYPOINT").isNullOrEmpty();
        });
        assertThat(operator.getEnv()).noneSatisfy(e -> assertThat(e.getName()).isEqualTo("HALKYON_PLUGINS"));
    }

    @Test
    void theDownloadsOverlayFetchesPluginsFromTheConfigMap() {
        List<HasMetadata> all = Kustomize.overlay("downloads");
        Container operator = operator(only(all, Deployment.class, "halkyon-operator"));

        assertThat(operator.getEnv()).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo("HALKYON_PLUGINS");
            assertThat(env.getValueFrom().getConfigMapKeyRef().getName()).isEqualTo("halkyon-plugins");
        });
        assertThat(only(all, ConfigMap.class, "halkyon-plugins").getData()).containsKey("HALKYON_PLUGINS");
        assertThat(only(all, Deployment.class, "halkyon-operator").getSpec().getTemplate().getSpec()
                .getInitContainers()).isNullOrEmpty();
    }

    private static <T> T only(List<HasMetadata> all, Class<T> type, String name) {
        return all.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> ((HasMetadata) o).getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theDeploymentServesProbesAndMetricsOnANamedPort() {
        Deployment deployment = only(manifests(), Deployment.class, "halkyon-operator");
        Container operator = operator(deployment);

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
    void theClusterRoleGrantsTheOperatorsOwnResourcesAndTheExampleKinds() {
        List<PolicyRule> rules = only(manifests(), ClusterRole.class, "halkyon-operator").getRules();

        assertThat(rules).anySatisfy(r -> assertThat(r.getResources()).contains("capabilities/status"));
        assertThat(rules).anySatisfy(r -> assertThat(r.getResources()).contains("capabilityinfos"));
        assertThat(rules).anySatisfy(r -> assertThat(r.getResources()).contains("statefulsets"));
        assertThat(rules).anySatisfy(r -> assertThat(r.getResources()).contains("secrets", "services"));
        assertThat(rules).noneSatisfy(r -> assertThat(r.getResources()).contains("*"));
    }

    @Test
    void theClusterRoleLetsTheOperatorReviewRemotePluginTokensAndPermissions() {
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
