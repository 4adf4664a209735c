package io.halkyon.operator.testplugin;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentCondition;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.DependentResourceConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code test/reads}: the Secret-reading attack. Declares another Capability's Secret
 * {@value #TARGET} as a dependent it neither creates, owns nor updates, checked for readiness,
 * and writes the live object GetCondition hands it, as JSON, to {@code <recordDir>/<capability>.json}
 * (atomically), so the test sees exactly what the plugin received. Ready as soon as it exists.
 */
final class ReadingResource extends TestResource {

    /** The Secret read: not named after the Capability, nor by any of its parameters unless the test says so. */
    static final String TARGET = "victim-config";
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private final Path recordDir;

    ReadingResource(Path recordDir) {
        super("reads");
        this.recordDir = recordDir;
    }

    @Override
    public List<DependentResource> dependentResourcesWith(Capability owner) {
        String capability = owner.getMetadata().getName();
        return List.of(new DependentResource() {
            @Override
            public DependentKey key() {
                return DependentKey.of("v1", "Secret", TARGET);
            }

            @Override
            public DependentResourceConfig config() {
                return new DependentResourceConfig(false, false, false, false, true, "");
            }

            @Override
            public HasMetadata build() {
                throw new IllegalStateException("never created by the operator");
            }

            @Override
            public DependentCondition condition(HasMetadata live) {
                record(capability, live);
                return DependentCondition.ready("Secret " + TARGET + " exists");
            }
        });
    }

    private void record(String capability, HasMetadata live) {
        try {
            Path tmp = recordDir.resolve("." + capability + ".json.tmp");
            Files.writeString(tmp, JSON.asJson(live));
            Files.move(tmp, recordDir.resolve(capability + ".json"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
