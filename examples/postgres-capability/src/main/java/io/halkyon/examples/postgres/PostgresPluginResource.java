package io.halkyon.examples.postgres;

import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.PluginResource;
import io.halkyon.plugin.api.TypeInfo;
import java.util.List;

/**
 * Provides {@code database/postgres}, versions 13 to 16 (an empty version means the newest).
 *
 * <p>Each Capability gets, in this order and named after it in its namespace:
 * <ol>
 *   <li>a Secret {@code <name>-config} holding DB_HOST, DB_PORT, DB_NAME, DB_USER and a
 *       generated DB_PASSWORD; Capability parameters of the same names override them;</li>
 *   <li>a StatefulSet {@code <name>} running {@code postgres:<version>} with the Secret as
 *       environment and a {@code pg_isready} readiness probe; its ready replicas make the
 *       Capability ready;</li>
 *   <li>a ClusterIP Service {@code <name>} on DB_PORT.</li>
 * </ol>
 * The optional parameter {@code DB_STORAGE_SIZE} (default {@code 1Gi}) sizes the data volume.
 *
 * <p>Stateless and thread-safe, as the SDK requires: every call works from the owner it gets.
 */
public final class PostgresPluginResource implements PluginResource {

    private static final List<TypeInfo> TYPES =
            List.of(new TypeInfo(PostgresInstance.TYPE, PostgresInstance.VERSIONS));

    @Override
    public String name() {
        return "postgres-capability";
    }

    @Override
    public String category() {
        return PostgresInstance.CATEGORY;
    }

    @Override
    public List<TypeInfo> types() {
        return TYPES;
    }

    @Override
    public List<String> checkValidity(Capability owner) {
        return PostgresInstance.problems(owner);
    }

    @Override
    public List<DependentResource> dependentResourcesWith(Capability owner) {
        PostgresInstance instance = PostgresInstance.of(owner);
        return List.of(new ConfigSecret(instance), new PostgresStatefulSet(instance), new PostgresService(instance));
    }
}
