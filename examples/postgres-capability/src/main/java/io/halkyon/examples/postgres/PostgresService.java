package io.halkyon.examples.postgres;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.DependentResourceConfig;

/** The ClusterIP Service {@code <name>}: DB_PORT (default 5432) to the pods' 5432. */
final class PostgresService implements DependentResource {

    private final PostgresInstance instance;

    PostgresService(PostgresInstance instance) {
        this.instance = instance;
    }

    @Override
    public DependentKey key() {
        return DependentKey.of("v1", "Service", instance.serviceName());
    }

    @Override
    public DependentResourceConfig config() {
        return DependentResourceConfig.defaults();
    }

    @Override
    public HasMetadata build() {
        return new ServiceBuilder()
                .withMetadata(instance.metadata(instance.serviceName()))
                .withNewSpec()
                    .withType("ClusterIP")
                    .withSelector(instance.selectorLabels())
                    .addNewPort()
                        .withName("postgres")
                        .withProtocol("TCP")
                        .withPort(instance.port())
                        .withTargetPort(new IntOrString(PostgresInstance.POSTGRES_PORT))
                    .endPort()
                .endSpec()
                .build();
    }
}
