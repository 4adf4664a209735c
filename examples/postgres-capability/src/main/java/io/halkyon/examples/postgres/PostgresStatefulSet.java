package io.halkyon.examples.postgres;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.halkyon.plugin.api.DependentCondition;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.DependentResourceConfig;
import io.halkyon.plugin.api.UpdateResult;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The StatefulSet {@code <name>}: one replica of {@code postgres:<version>}, configured from
 * the config Secret, with a persistent data volume. Updated when the live image differs
 * from the requested version; ready when all its replicas are.
 */
final class PostgresStatefulSet implements DependentResource {

    static final String CONTAINER = "postgres";
    static final String DATA_VOLUME = "data";
    static final String DATA_PATH = "/var/lib/postgresql/data";

    /** Heavy to create, thread-safe to share. */
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /*
     * Checks over TCP: while the image initialises the database it runs a temporary server on
     * the unix socket only, which must not count as ready. sh expands the variables.
     */
    private static final String READINESS_COMMAND =
            "exec pg_isready -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\" -h 127.0.0.1 -p " + PostgresInstance.POSTGRES_PORT;

    private final PostgresInstance instance;

    PostgresStatefulSet(PostgresInstance instance) {
        this.instance = instance;
    }

    @Override
    public DependentKey key() {
        return DependentKey.of("apps/v1", "StatefulSet", instance.name());
    }

    @Override
    public DependentResourceConfig config() {
        return DependentResourceConfig.defaults().withUpdated(true).withCheckedForReadiness(true);
    }

    @Override
    public HasMetadata build() {
        return new StatefulSetBuilder()
                .withMetadata(instance.metadata(instance.name()))
                .withNewSpec()
                    .withReplicas(1)
                    .withServiceName(instance.serviceName())
                    .withNewSelector().withMatchLabels(instance.selectorLabels()).endSelector()
                    .withNewTemplate()
                        .withNewMetadata().withLabels(instance.labels()).endMetadata()
                        .withNewSpec().withContainers(container()).endSpec()
                    .endTemplate()
                    .addNewVolumeClaimTemplate()
                        .withNewMetadata().withName(DATA_VOLUME).withLabels(instance.selectorLabels()).endMetadata()
                        .withNewSpec()
                            .withAccessModes("ReadWriteOnce")
                            .withNewResources().addToRequests("storage", new Quantity(instance.storageSize())).endResources()
                        .endSpec()
                    .endVolumeClaimTemplate()
                .endSpec()
                .build();
    }

    private Container container() {
        return new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(instance.image())
                .addNewPort().withName("postgres").withContainerPort(PostgresInstance.POSTGRES_PORT).withProtocol("TCP").endPort()
                .withEnv(fromSecret("POSTGRES_DB", PostgresInstance.DB_NAME),
                        fromSecret("POSTGRES_USER", PostgresInstance.DB_USER),
                        fromSecret("POSTGRES_PASSWORD", PostgresInstance.DB_PASSWORD),
                        // A subdirectory: a fresh volume's root may hold lost+found, which initdb refuses.
                        new EnvVar("PGDATA", DATA_PATH + "/pgdata", null))
                .addNewEnvFrom().withNewSecretRef().withName(instance.secretName()).endSecretRef().endEnvFrom()
                .withNewReadinessProbe()
                    .withNewExec().withCommand("sh", "-c", READINESS_COMMAND).endExec()
                    .withInitialDelaySeconds(5)
                    .withPeriodSeconds(10)
                    .withTimeoutSeconds(5)
                    .withFailureThreshold(6)
                .endReadinessProbe()
                .addNewVolumeMount().withName(DATA_VOLUME).withMountPath(DATA_PATH).endVolumeMount()
                .build();
    }

    private EnvVar fromSecret(String variable, String key) {
        return new EnvVarBuilder()
                .withName(variable)
                .withNewValueFrom()
                    .withNewSecretKeyRef().withName(instance.secretName()).withKey(key).endSecretKeyRef()
                .endValueFrom()
                .build();
    }

    /**
     * Changed when the live postgres container runs another image than the requested version's;
     * the corrected object is the live one with that image and version label, nothing else
     * touched (the other fields may have been set by the cluster or an admin).
     */
    @Override
    public UpdateResult update(HasMetadata live) {
        StatefulSet corrected = SERIALIZATION.clone(asStatefulSet(live));
        PodTemplateSpec template = corrected.getSpec() == null ? null : corrected.getSpec().getTemplate();
        if (template == null || template.getSpec() == null) {
            return UpdateResult.changed(build());
        }
        List<Container> containers = template.getSpec().getContainers();
        Optional<Container> postgres = containers.stream().filter(c -> CONTAINER.equals(c.getName())).findFirst();
        if (postgres.isPresent() && Objects.equals(postgres.get().getImage(), instance.image())) {
            return UpdateResult.unchanged();
        }
        if (postgres.isPresent()) {
            postgres.get().setImage(instance.image());
        } else {
            containers.add(container());
        }
        String versionLabel = "app.kubernetes.io/version";
        if (corrected.getMetadata().getLabels() != null) {
            corrected.getMetadata().getLabels().put(versionLabel, instance.version());
        }
        if (template.getMetadata() != null && template.getMetadata().getLabels() != null) {
            template.getMetadata().getLabels().put(versionLabel, instance.version());
        }
        return UpdateResult.changed(corrected);
    }

    /** Ready when {@code status.readyReplicas >= spec.replicas}; pending with "n/m replicas ready" before. */
    @Override
    public DependentCondition condition(HasMetadata live) {
        StatefulSet statefulSet = asStatefulSet(live);
        Integer specReplicas = statefulSet.getSpec() == null ? null : statefulSet.getSpec().getReplicas();
        Integer statusReady = statefulSet.getStatus() == null ? null : statefulSet.getStatus().getReadyReplicas();
        int wanted = specReplicas == null ? 1 : specReplicas; // the API server's default
        int ready = statusReady == null ? 0 : statusReady;
        String message = ready + "/" + wanted + " replicas ready";
        DependentCondition condition = ready >= wanted
                ? DependentCondition.ready(message)
                : DependentCondition.pending("ReplicasNotReady", message);
        condition.getAttributes().put("readyReplicas", Integer.toString(ready));
        condition.getAttributes().put("replicas", Integer.toString(wanted));
        return condition;
    }

    /** The host sends typed objects for known kinds; accept a generic one too. */
    private static StatefulSet asStatefulSet(HasMetadata live) {
        Objects.requireNonNull(live, "live StatefulSet");
        return live instanceof StatefulSet statefulSet ? statefulSet : SERIALIZATION.convertValue(live, StatefulSet.class);
    }
}
