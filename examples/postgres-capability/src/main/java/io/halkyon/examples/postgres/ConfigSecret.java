package io.halkyon.examples.postgres;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.DependentResourceConfig;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Secret {@code <name>-config} with the connection settings applications and the
 * StatefulSet read. Created once and never updated: every build generates a new password,
 * which must not replace the one the database was initialised with.
 */
final class ConfigSecret implements DependentResource {

    /** 24 random bytes: 32 url-safe characters, 192 bits. */
    private static final int PASSWORD_BYTES = 24;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PostgresInstance instance;

    ConfigSecret(PostgresInstance instance) {
        this.instance = instance;
    }

    @Override
    public DependentKey key() {
        return DependentKey.of("v1", "Secret", instance.secretName());
    }

    @Override
    public DependentResourceConfig config() {
        // The defaults: watched, owned, created; never updated, not checked for readiness.
        return DependentResourceConfig.defaults();
    }

    @Override
    public HasMetadata build() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(PostgresInstance.DB_HOST, instance.parameter(PostgresInstance.DB_HOST).orElse(instance.serviceName()));
        values.put(PostgresInstance.DB_PORT, Integer.toString(instance.port()));
        values.put(PostgresInstance.DB_NAME, instance.parameter(PostgresInstance.DB_NAME).orElse(instance.name()));
        values.put(PostgresInstance.DB_USER, instance.parameter(PostgresInstance.DB_USER).orElse(PostgresInstance.DEFAULT_USER));
        values.put(PostgresInstance.DB_PASSWORD, instance.parameter(PostgresInstance.DB_PASSWORD).orElseGet(ConfigSecret::newPassword));

        // data, not stringData: only a real API server turns stringData into data.
        Map<String, String> data = new LinkedHashMap<>();
        values.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return new SecretBuilder()
                .withMetadata(instance.metadata(instance.secretName()))
                .withType("Opaque")
                .withData(data)
                .build();
    }

    static String newPassword() {
        byte[] bytes = new byte[PASSWORD_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
