package io.halkyon.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.halkyon.operator.HalkyonOperator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The remote-plugin overlays (operator/deploy/overlays/remote-plugins and
 * remote-plugins-kube-rbac-proxy) as rendered: consistent with each other and the code.
 */
class RemotePluginManifestsTest {

    private static final String REMOTE = "remote-plugins";
    private static final String PROXY = "remote-plugins-kube-rbac-proxy";

    private static <T> T only(List<HasMetadata> all, Class<T> type) {
        return all.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }

    private static Deployment deployment(String overlay) {
        return only(Kustomize.overlay(overlay), Deployment.class);
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
    void theServiceReachesThePortThePatchOpensAndTheCertificateNamesTheService() {
        List<HasMetadata> base = Kustomize.overlay(REMOTE);
        Deployment patch = deployment(REMOTE);
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
    void thePatchedOperatorArgsParseAndPointAtTheMountedCertificate() {
        Container operator = container(deployment(REMOTE), "operator");
        CommandLine.ParseResult run = parse(operator);
        String mount = operator.getVolumeMounts().stream().filter(m -> m.getName().equals("plugins-tls")).findFirst()
                .orElseThrow().getMountPath();

        assertThat(run.matchedOptionValue("--remote-plugins-listen", "")).isEqualTo("0.0.0.0:9443");
        assertThat(run.matchedOptionValue("--remote-plugins-tls-cert", Path.of(""))).isEqualTo(Path.of(mount, "tls.crt"));
        assertThat(run.matchedOptionValue("--remote-plugins-tls-key", Path.of(""))).isEqualTo(Path.of(mount, "tls.key"));
        assertThat(operator.getEnv()).anySatisfy(e -> assertThat(e.getName()).isEqualTo("POD_NAMESPACE"));
    }

    @Test
    void theKubeRbacProxyForwardsToTheLoopbackListenerTheOperatorTrustsAndChecksTheRegisterVerb() {
        List<HasMetadata> all = Kustomize.overlay(PROXY);
        Deployment patch = only(all, Deployment.class);
        CommandLine.ParseResult run = parse(container(patch, "operator"));
        List<String> proxy = container(patch, "kube-rbac-proxy").getArgs();

        assertThat(String.valueOf((Object) run.matchedOptionValue("--remote-plugins-auth", null))).isEqualTo("proxy");
        assertThat(proxy).contains("--upstream=http://" + run.matchedOptionValue("--remote-plugins-listen", "") + "/",
                "--upstream-force-h2c=true", "--auth-token-audiences=halkyon-operator");
        assertThat(only(all, ConfigMap.class).getData().get("config.yaml")).contains("verb: register",
                "resource: plugins", "apiGroup: halkyon.io");
        assertThat(container(patch, "operator").getPorts()).as("the sidecar has 9443, the operator only metrics")
                .extracting(p -> p.getContainerPort()).containsExactly(8080);
    }

    @Test
    void bothOverlaysLetTheOperatorReviewTokensAndAccessAsTheRemotePluginChecksDo() {
        // The requests KubernetesAccess (and kube-rbac-proxy) make for every registration.
        List<ApiRequest> reviews = List.of(
                ApiRequest.parse("POST", "/apis/authentication.k8s.io/v1/tokenreviews"),
                ApiRequest.parse("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews"));
        for (String overlay : List.of(REMOTE, PROXY)) {
            Rbac rbac = Rbac.of(Kustomize.overlay(overlay), "halkyon",
                    deployment(overlay).getSpec().getTemplate().getSpec().getServiceAccountName());
            assertThat(reviews).allSatisfy(r -> assertThat(rbac.denial(r)).as(overlay).isEmpty());
        }
    }
}
