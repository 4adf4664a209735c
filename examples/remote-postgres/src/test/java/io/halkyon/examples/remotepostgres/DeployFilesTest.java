package io.halkyon.examples.remotepostgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.halkyon.operator.remote.KubernetesAccess;
import io.halkyon.plugin.sdk.remote.RemotePluginConfig;
import org.assertj.core.api.InstanceOfAssertFactories;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * deploy/ and the Containerfile agree with each other, with the operator's remote plugin
 * manifests (operator/deploy/overlays/remote-plugins) and with the code: what an admin applies works
 * together. (That the Role grants what the operator asks about is operator's DeployManifestsTest.)
 */
class DeployFilesTest {

    private static final Path DEPLOY = Path.of("deploy");
    private static final Path OPERATOR_REMOTE = Path.of("..", "..", "operator", "deploy", "overlays",
            "remote-plugins", "plugin-server.yaml");

    private static List<HasMetadata> manifests(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Object parsed = new KubernetesSerialization().unmarshal(in);
            @SuppressWarnings("unchecked")
            List<HasMetadata> list = parsed instanceof List<?> l ? (List<HasMetadata>) l : List.of((HasMetadata) parsed);
            return list;
        }
    }

    private static <T> T only(List<HasMetadata> all, Class<T> type) {
        List<T> found = all.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as(type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    private static Deployment deployment() throws IOException {
        return only(manifests(DEPLOY.resolve("deployment.yaml")), Deployment.class);
    }

    private static Container plugin(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static Map<String, String> env(Container container) {
        return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
    }

    /** The file {@code path} is in the pod: the volume mounted at its directory, and the name within it. */
    private static Map.Entry<Volume, String> mounted(Deployment deployment, String path) {
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Path file = Path.of(path);
        VolumeMount mount = plugin(deployment).getVolumeMounts().stream()
                .filter(m -> Path.of(m.getMountPath()).equals(file.getParent())).findFirst()
                .orElseThrow(() -> new AssertionError("no volume mounted at " + file.getParent()));
        assertThat(mount.getReadOnly()).as("mount " + mount.getName() + " read-only").isTrue();
        return Map.entry(volume(pod, mount.getName()), file.getFileName().toString());
    }

    @Test
    void theRoleBindingBindsTheDeploymentsServiceAccountToTheNameItRegisters() throws IOException {
        List<HasMetadata> rbac = manifests(DEPLOY.resolve("rbac.yaml"));
        Deployment deployment = deployment();
        ServiceAccount account = only(rbac, ServiceAccount.class);
        RoleBinding binding = only(rbac, RoleBinding.class);
        Role role = only(rbac, Role.class);

        assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo(account.getMetadata().getName()).isEqualTo("postgres-plugin");
        assertThat(deployment.getMetadata().getNamespace()).isEqualTo(account.getMetadata().getNamespace())
                .isEqualTo("databases");
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo(account.getMetadata().getName());
            assertThat(s.getNamespace()).isEqualTo(account.getMetadata().getNamespace());
        });
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertThat(role.getRules()).singleElement().satisfies(r ->
                assertThat(r.getResourceNames()).containsExactly(env(plugin(deployment)).get(PluginSettings.PLUGIN_NAME)));
    }

    @Test
    void thePermissionIsInTheNamespaceOfTheOperatorThePluginDials() throws IOException {
        Service service = only(manifests(OPERATOR_REMOTE), Service.class);
        List<HasMetadata> rbac = manifests(DEPLOY.resolve("rbac.yaml"));
        String address = env(plugin(deployment())).get(PluginSettings.ADDRESS);

        assertThat(address).isEqualTo(service.getMetadata().getName() + "." + service.getMetadata().getNamespace()
                + ".svc:" + service.getSpec().getPorts().get(0).getPort());
        assertThat(only(rbac, Role.class).getMetadata().getNamespace()).isEqualTo(service.getMetadata().getNamespace());
        assertThat(only(rbac, RoleBinding.class).getMetadata().getNamespace())
                .isEqualTo(service.getMetadata().getNamespace());
    }

    @Test
    void theOperatorsCertificateNamesTheHostThePluginDialsAndItsCaIsMountedWhereThePluginReadsIt() throws IOException {
        List<HasMetadata> operator = manifests(OPERATOR_REMOTE);
        Deployment deployment = deployment();
        Map<String, String> env = env(plugin(deployment));
        String host = env.get(PluginSettings.ADDRESS).substring(0, env.get(PluginSettings.ADDRESS).lastIndexOf(':'));
        GenericKubernetesResource certificate = operator.stream().filter(GenericKubernetesResource.class::isInstance)
                .map(GenericKubernetesResource.class::cast)
                .filter(r -> r.getKind().equals("Certificate") && r.getMetadata().getName().equals(
                        "halkyon-operator-plugins")).findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) certificate.getAdditionalProperties().get("spec");

        assertThat(spec.get("dnsNames")).asInstanceOf(InstanceOfAssertFactories.LIST).contains(host);
        Map.Entry<Volume, String> ca = mounted(deployment, env.get(PluginSettings.CA_FILE));
        assertThat(ca.getKey().getSecret().getSecretName()).isEqualTo("halkyon-plugins-ca");
        assertThat(ca.getKey().getSecret().getItems()).as("only the CA certificate, never a key")
                .singleElement().satisfies(item -> {
                    assertThat(item.getKey()).isEqualTo("ca.crt");
                    assertThat(item.getPath()).isEqualTo(ca.getValue());
                });
    }

    @Test
    void theProjectedTokenHasTheOperatorsAudienceAndIsWhereThePluginReadsIt() throws IOException {
        Deployment deployment = deployment();
        Map<String, String> env = env(plugin(deployment));
        String tokenFile = env.getOrDefault(PluginSettings.TOKEN_FILE, RemotePluginConfig.DEFAULT_TOKEN_FILE);

        Map.Entry<Volume, String> token = mounted(deployment, tokenFile);
        assertThat(token.getKey().getProjected().getSources()).singleElement().satisfies(source -> {
            ServiceAccountTokenProjection projection = source.getServiceAccountToken();
            assertThat(projection.getAudience()).isEqualTo(KubernetesAccess.DEFAULT_AUDIENCE);
            assertThat(projection.getPath()).isEqualTo(token.getValue());
            assertThat(projection.getExpirationSeconds()).isBetween(600L, 86_400L);
        });
        assertThat(deployment.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken())
                .as("no API server token in the pod").isFalse();
    }

    @Test
    void theDeploymentSetsOnlyVariablesThePluginReadsAndTheRequiredOne() throws IOException {
        Map<String, String> env = env(plugin(deployment()));

        assertThat(PluginSettings.VARIABLES).containsAll(env.keySet());
        assertThat(env).containsKey(PluginSettings.ADDRESS);
    }

    @Test
    void thePodsCarryTheLabelTheOperatorsNetworkPolicyLetsIn() throws IOException {
        NetworkPolicy policy = only(manifests(OPERATOR_REMOTE), NetworkPolicy.class);
        Deployment deployment = deployment();
        Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        int port = Integer.parseInt(env(plugin(deployment)).get(PluginSettings.ADDRESS).replaceAll(".*:", ""));

        assertThat(policy.getSpec().getIngress()).anySatisfy(rule -> {
            NetworkPolicyPeer from = rule.getFrom().get(0);
            assertThat(from.getNamespaceSelector().getMatchLabels()).as("any namespace").isNullOrEmpty();
            assertThat(labels).containsAllEntriesOf(from.getPodSelector().getMatchLabels());
            assertThat(rule.getPorts()).anySatisfy(p -> assertThat(p.getPort().getIntVal()).isEqualTo(port));
        });
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void theContainerRunsUnderTheRestrictedProfile() throws IOException {
        Deployment deployment = deployment();
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container plugin = plugin(deployment);

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(plugin.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(plugin.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(plugin.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(plugin.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(plugin.getResources().getLimits()).containsKey("memory");
    }

    @Test
    void theContainerfilePackagesTheJarTheBuildMakesAndRunsAsThePodsUser() throws IOException {
        String containerfile = Files.readString(Path.of("Containerfile"));
        PodSpec pod = deployment().getSpec().getTemplate().getSpec();

        assertThat(containerfile).contains("COPY examples/remote-postgres/target/remote-postgres.jar ")
                .contains("USER " + pod.getSecurityContext().getRunAsUser() + ":" + pod.getSecurityContext().getRunAsGroup());
        assertThat(Files.readString(Path.of("pom.xml"))).contains("<finalName>remote-postgres</finalName>");
    }
}
