package io.halkyon.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.halkyon.operator.embedded.EmbeddedCluster;
import io.halkyon.operator.embedded.WorkloadReadyMarker;
import io.halkyon.operator.remote.KubernetesAccess;
import io.halkyon.operator.support.NoChildProcesses;
import io.halkyon.operator.support.OperatorFixture;
import io.halkyon.plugin.api.Capability;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof that the default overlay works as delivered: its rendered objects applied to an API
 * server (the embedded one; CRDs first, as an admin would), the plugins volume laid out as the
 * init container copies the example plugin's image into it, the operator started as the
 * Deployment says ({@link ManifestPod}), the sample Capability applied and Ready. Every request
 * the operator made must be allowed by the RBAC of every overlay for its ServiceAccount: the
 * rules follow from the code's calls.
 */
@ExtendWith(NoChildProcesses.class)
class DeployedManifestsIT {

    /** The operator's requests carry it (its kubeconfig's); the test's own client sends another. */
    private static final String TOKEN = "operator-service-account";
    private static final Path SAMPLE = Containerfile.ROOT.resolve("examples/capabilities/postgres-capability.yaml");

    @TempDir
    Path work;

    @Test
    void theDefaultOverlayRunsTheSampleToReadyWithNoNetworkAndOnlyRequestsItsRbacAllows() throws Exception {
        List<HasMetadata> objects = Kustomize.overlay(Kustomize.DEFAULT);
        Deployment deployment = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .findFirst().orElseThrow();
        String namespace = deployment.getMetadata().getNamespace();
        String serviceAccount = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
        List<EmbeddedCluster.Request> heard = new CopyOnWriteArrayList<>();

        try (EmbeddedCluster cluster = EmbeddedCluster.start(client -> { }, new EmbeddedCluster.Permission(
                KubernetesAccess.VERB, KubernetesAccess.GROUP, KubernetesAccess.RESOURCE))) {
            // The operator SDK checks its Lease rights with a SelfSubjectRulesReview: the manifests' RBAC answers.
            Rbac rbac = Rbac.of(objects, namespace, serviceAccount);
            cluster.answerRulesReviews((authorization, in) -> rbac.rulesIn(in));
            cluster.listen(r -> {
                if (("Bearer " + TOKEN).equals(r.authorization())) {
                    heard.add(r);
                }
            });
            apply(cluster, objects);
            ManifestPod.Started pod = ManifestPod.start(objects, deployment, kubeconfig(cluster, namespace),
                    work);
            try (WorkloadReadyMarker kubelet = new WorkloadReadyMarker(cluster.client(), o -> { })) {
                layOutPluginImages(pod.mounts().get("/plugins"));
                Capability sample = Serialization.unmarshal(Files.readString(SAMPLE), Capability.class);
                sample.getMetadata().setNamespace("default");
                cluster.client().resource(sample).create();

                try {
                    await().atMost(OperatorFixture.WAIT.multipliedBy(2)).pollInterval(Duration.ofMillis(200))
                            .failFast(() -> assertThat(pod.process().isAlive())
                                    .as(() -> "the operator exited:\n" + tail(pod)).isTrue())
                            .until(() -> ready(cluster, sample));
                } catch (ConditionTimeoutException e) {
                    throw new AssertionError("the sample did not become Ready: " + e.getMessage() + "\n"
                            + tail(pod), e);
                }
                assertThat(probe(deployment, pod)).as("the readiness probe").isEqualTo(200);
            } finally {
                stop(pod);
            }
        }

        Set<ApiRequest> requests = new LinkedHashSet<>();
        heard.forEach(r -> requests.add(ApiRequest.parse(r.method(), r.path())));
        assertThat(requests).as("the operator's requests").isNotEmpty();
        for (String overlay : Kustomize.OVERLAYS) {
            Rbac rbac = Rbac.of(Kustomize.overlay(overlay), namespace, serviceAccount);
            assertThat(requests.stream().map(rbac::denial).flatMap(java.util.Optional::stream).distinct())
                    .as("requests of the operator its RBAC in overlay %s does not allow", overlay).isEmpty();
        }
    }

    /** As an admin applies them: the CRDs first, then the rest in the rendered order. */
    private static void apply(EmbeddedCluster cluster, List<HasMetadata> objects) {
        List<HasMetadata> ordered = new ArrayList<>(objects.stream().filter(CustomResourceDefinition.class::isInstance)
                .toList());
        objects.stream().filter(o -> !(o instanceof CustomResourceDefinition)).forEach(ordered::add);
        ordered.forEach(o -> cluster.client().resource(o).create());
    }

    /**
     * What the init container copies: the files the example plugin's Containerfile puts in
     * /plugins/ (from the build, with the class data sharing archive its RUN makes beside each
     * jar, here the one package made), with their modification times, as cp -p keeps them.
     */
    private static void layOutPluginImages(Path volume) throws IOException {
        Containerfile image = Containerfile.read(Containerfile.POSTGRES_PLUGIN);
        List<Containerfile.Copy> plugins = image.copies().stream().filter(c -> "build".equals(c.from())
                && c.destination().startsWith("/plugins/")).toList();
        assertThat(plugins).as("the plugin files of %s", image.file()).isNotEmpty();
        for (Containerfile.Copy copy : plugins) {
            Path source = Containerfile.ROOT.resolve(copy.source().substring("/src/".length()));
            String name = Path.of(copy.destination()).getFileName().toString();
            Files.copy(source, volume.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
            Path archive = source.resolveSibling(name.replaceAll("\\.jar$", ".jsa"));
            // The image's is made by its RUN; without package's (-Dhalkyon.classArchive.skip) the plugin starts slower.
            if (name.endsWith(".jar") && Files.exists(archive)) {
                Files.copy(archive, volume.resolve(archive.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private static boolean ready(EmbeddedCluster cluster, Capability sample) {
        Capability live = cluster.client().resources(Capability.class).inNamespace("default")
                .withName(sample.getMetadata().getName()).get();
        return live != null && live.getStatus() != null && live.getStatus().getConditions() != null
                && live.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType())
                && "True".equals(c.getStatus()));
    }

    private static int probe(Deployment deployment, ManifestPod.Started pod) throws Exception {
        var operator = DeployManifestsTest.operator(deployment);
        Probe readiness = operator.getReadinessProbe();
        String portName = readiness.getHttpGet().getPort().getStrVal();
        int port = operator.getPorts().stream().filter(p -> p.getName().equals(portName)).findFirst().orElseThrow()
                .getContainerPort();
        URI uri = URI.create("http://127.0.0.1:" + pod.ports().get(port) + readiness.getHttpGet().getPath());
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private Path kubeconfig(EmbeddedCluster cluster, String namespace) throws IOException {
        return Files.writeString(work.resolve("kubeconfig"), cluster.kubeconfig(namespace, TOKEN));
    }

    /** SIGTERM, as the kubelet stops a pod, then whatever is left by pid. */
    private static void stop(ManifestPod.Started pod) throws InterruptedException {
        List<ProcessHandle> plugins = pod.process().descendants().toList();
        pod.process().destroy();
        boolean exited = pod.process().waitFor(40, TimeUnit.SECONDS);
        pod.process().destroyForcibly();
        plugins.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        pod.process().waitFor();
        assertThat(exited).as("the operator stopped on SIGTERM within the pod's grace period").isTrue();
    }

    private static String tail(ManifestPod.Started pod) {
        try {
            String text = Files.readString(pod.err());
            return text.substring(Math.max(0, text.length() - 4000));
        } catch (IOException e) {
            return e.toString();
        }
    }
}
