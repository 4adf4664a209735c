package io.halkyon.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.halkyon.operator.HalkyonOperator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** operator/deploy/remote-plugins: the manifests docs/remote-plugins.md gives admins, consistent with each other and the code. */
class RemotePluginManifestsTest {

    private static final Path DIR = Path.of("deploy", "remote-plugins");

    private static List<HasMetadata> manifests(String file) throws IOException {
        try (InputStream in = Files.newInputStream(DIR.resolve(file))) {
            Object parsed = new KubernetesSerialization().unmarshal(in);
            @SuppressWarnings("unchecked")
            List<HasMetadata> list = parsed instanceof List<?> l ? (List<HasMetadata>) l : List.of((HasMetadata) parsed);
            return list;
        }
    }

    private static <T> T only(List<HasMetadata> all, Class<T> type) {
        return all.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }

    private static Container container(Deployment d, String name) {
        return d.getSpec().getTemplate().getSpec().getContainers().stream().filter(c -> c.getName().equals(name))
                .findFirst().orElseThrow();
    }

    private static CommandLine.ParseResult parse(Container operator) {
        CommandLine.ParseResult result = HalkyonOperator.commandLine().parseArgs(operator.getArgs().toArray(String[]::new));
        return result.subcommand();
    }

    @Test
    void theServiceReachesThePortThePatchOpensAndTheCertificateNamesTheService() throws IOException {
        List<HasMetadata> base = manifests("operator-remote-plugins.yaml");
        Deployment patch = only(manifests("deployment-patch.yaml"), Deployment.class);
        Container operator = container(patch, "operator");
        Service service = only(base, Service.class);

        assertThat(operator.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo(service.getSpec().getPorts().get(0).getTargetPort().getStrVal());
            assertThat(p.getContainerPort()).isEqualTo(9443);
        });
        GenericKubernetesResource certificate = base.stream().filter(GenericKubernetesResource.class::isInstance)
                .map(GenericKubernetesResource.class::cast)
                .filter(r -> r.getKind().equals("Certificate") && r.getMetadata().getName().equals(
                        "halkyon-operator-plugins")).findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) certificate.getAdditionalProperties().get("spec");
        assertThat((List<Object>) spec.get("dnsNames")).contains((Object) (service.getMetadata().getName() + "."
                + service.getMetadata().getNamespace() + ".svc"));
        assertThat(patch.getSpec().getTemplate().getSpec().getVolumes()).anySatisfy(v ->
                assertThat(v.getSecret().getSecretName()).isEqualTo(spec.get("secretName")));
    }

    @Test
    void thePatchedOperatorArgsParseAndPointAtTheMountedCertificate() throws IOException {
        Container operator = container(only(manifests("deployment-patch.yaml"), Deployment.class), "operator");
        CommandLine.ParseResult run = parse(operator);
        String mount = operator.getVolumeMounts().get(0).getMountPath();

        assertThat(run.matchedOptionValue("--remote-plugins-listen", "")).isEqualTo("0.0.0.0:9443");
        assertThat(run.matchedOptionValue("--remote-plugins-tls-cert", Path.of(""))).isEqualTo(Path.of(mount, "tls.crt"));
        assertThat(run.matchedOptionValue("--remote-plugins-tls-key", Path.of(""))).isEqualTo(Path.of(mount, "tls.key"));
        assertThat(operator.getEnv()).anySatisfy(e -> assertThat(e.getName()).isEqualTo("POD_NAMESPACE"));
    }

    @Test
    void theKubeRbacProxyForwardsToTheLoopbackListenerTheOperatorTrustsAndChecksTheRegisterVerb() throws IOException {
        List<HasMetadata> all = manifests("kube-rbac-proxy-sidecar.yaml");
        Deployment patch = only(all, Deployment.class);
        CommandLine.ParseResult run = parse(container(patch, "operator"));
        List<String> proxy = container(patch, "kube-rbac-proxy").getArgs();

        assertThat(String.valueOf((Object) run.matchedOptionValue("--remote-plugins-auth", null))).isEqualTo("proxy");
        assertThat(proxy).contains("--upstream=http://" + run.matchedOptionValue("--remote-plugins-listen", "") + "/",
                "--upstream-force-h2c=true", "--auth-token-audiences=halkyon-operator");
        assertThat(only(all, ConfigMap.class).getData().get("config.yaml")).contains("verb: register",
                "resource: plugins", "apiGroup: halkyon.io");
    }
}
