package ${package};

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.halkyon.plugin.api.DependentCondition;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.DependentResourceConfig;
import io.halkyon.plugin.api.UpdateResult;
import java.util.Objects;
import java.util.Optional;

/**
 * The Deployment {@code <name>}: one replica of {@code ${type}:<version>} with the ConfigMap as its
 * environment. Updated when the live image is not the requested version's; ready when all its
 * replicas are.
 */
final class DeploymentDependent implements DependentResource {

    static final String CONTAINER = "${type}";

    private final CapabilityInstance instance;

    DeploymentDependent(CapabilityInstance instance) {
        this.instance = instance;
    }

    @Override
    public DependentKey key() {
        return DependentKey.of("apps/v1", "Deployment", instance.name());
    }

    /** Also updated, and its condition counts towards the Capability's Ready condition. */
    @Override
    public DependentResourceConfig config() {
        return DependentResourceConfig.defaults().withUpdated(true).withCheckedForReadiness(true);
    }

    @Override
    public HasMetadata build() {
        return new DeploymentBuilder()
                .withMetadata(instance.metadata(instance.name()))
                .withNewSpec()
                    .withReplicas(1)
                    .withNewSelector().withMatchLabels(instance.selectorLabels()).endSelector()
                    .withNewTemplate()
                        .withNewMetadata().withLabels(instance.labels()).endMetadata()
                        .withNewSpec().withContainers(container()).endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    private Container container() {
        return new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(instance.image())
                .addNewEnvFrom().withNewConfigMapRef().withName(instance.configMapName()).endConfigMapRef().endEnvFrom()
                .build();
    }

    /**
     * Changed when the live container runs another image than the requested version's. The object
     * returned replaces the live one: the live object with that image and version label, nothing
     * else touched.
     */
    @Override
    public UpdateResult update(HasMetadata live) {
        Deployment corrected = CapabilityInstance.JSON.clone(asDeployment(live));
        PodSpec pod = corrected.getSpec() == null || corrected.getSpec().getTemplate() == null
                ? null : corrected.getSpec().getTemplate().getSpec();
        if (pod == null) {
            return UpdateResult.changed(build());
        }
        Optional<Container> container = pod.getContainers().stream().filter(c -> CONTAINER.equals(c.getName())).findFirst();
        if (container.isPresent() && Objects.equals(container.get().getImage(), instance.image())) {
            return UpdateResult.unchanged();
        }
        if (container.isPresent()) {
            container.get().setImage(instance.image());
        } else {
            pod.getContainers().add(container());
        }
        String versionLabel = "app.kubernetes.io/version";
        if (corrected.getMetadata().getLabels() != null) {
            corrected.getMetadata().getLabels().put(versionLabel, instance.version());
        }
        var template = corrected.getSpec().getTemplate().getMetadata();
        if (template != null && template.getLabels() != null) {
            template.getLabels().put(versionLabel, instance.version());
        }
        return UpdateResult.changed(corrected);
    }

    /** Ready when {@code status.readyReplicas >= spec.replicas}; pending with "n/m replicas ready" before. */
    @Override
    public DependentCondition condition(HasMetadata live) {
        Deployment deployment = asDeployment(live);
        Integer specReplicas = deployment.getSpec() == null ? null : deployment.getSpec().getReplicas();
        Integer statusReady = deployment.getStatus() == null ? null : deployment.getStatus().getReadyReplicas();
        int wanted = specReplicas == null ? 1 : specReplicas; // the API server's default
        int ready = statusReady == null ? 0 : statusReady;
        String message = ready + "/" + wanted + " replicas ready";
        return ready >= wanted
                ? DependentCondition.ready(message)
                : DependentCondition.pending("ReplicasNotReady", message);
    }

    /** The operator sends typed objects for the kinds it knows; accept a generic one too. */
    private static Deployment asDeployment(HasMetadata live) {
        Objects.requireNonNull(live, "live Deployment");
        return live instanceof Deployment deployment
                ? deployment : CapabilityInstance.JSON.convertValue(live, Deployment.class);
    }
}
