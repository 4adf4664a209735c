package io.halkyon.operator.testplugin;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentCondition;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.DependentResourceConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code test/hanging}: one ConfigMap {@code <name>-cm}, ready once it exists. While the file
 * named by the Capability's parameter {@code hangFile} exists, the call named by {@code hangIn}
 * ({@code dependents}: GetDependents, {@code build}: Build) hangs: it first creates
 * {@code <hangFile>.<capability name>.entered}, then waits until the hang file is deleted.
 */
final class HangingResource extends TestResource {

    HangingResource() {
        super("hanging");
    }

    @Override
    public List<DependentResource> dependentResourcesWith(Capability owner) {
        String capability = owner.getMetadata().getName();
        String hangIn = owner.getSpec().parameter("hangIn").orElse("");
        Path hangFile = owner.getSpec().parameter("hangFile").map(Path::of).orElse(null);
        if ("dependents".equals(hangIn)) {
            hangWhileExists(hangFile, capability);
        }
        String name = capability + "-cm";
        return List.of(new DependentResource() {
            @Override
            public DependentKey key() {
                return DependentKey.of("v1", "ConfigMap", name);
            }

            @Override
            public DependentResourceConfig config() {
                return DependentResourceConfig.defaults().withCheckedForReadiness(true);
            }

            @Override
            public HasMetadata build() {
                if ("build".equals(hangIn)) {
                    hangWhileExists(hangFile, capability);
                }
                return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
                        .withData(Map.of("k", "v")).build();
            }

            @Override
            public DependentCondition condition(HasMetadata live) {
                return DependentCondition.ready("ConfigMap " + name + " exists");
            }
        });
    }

    private static void hangWhileExists(Path hangFile, String capability) {
        if (hangFile == null || !Files.exists(hangFile)) {
            return;
        }
        try {
            Path entered = Path.of(hangFile + "." + capability + ".entered");
            try {
                Files.createFile(entered);
            } catch (FileAlreadyExistsException e) {
                // an earlier call of this Capability hangs too
            }
            while (Files.exists(hangFile)) {
                Thread.sleep(50);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
