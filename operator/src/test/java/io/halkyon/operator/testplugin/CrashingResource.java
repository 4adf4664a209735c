package io.halkyon.operator.testplugin;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentCondition;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.DependentResourceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code test/crashing}: one ConfigMap {@code <name>-cm}, ready once it exists. Started while the
 * file given as its argument exists, the process exits with status 3 half a second after
 * starting: restarted, it crashes again (a crash loop).
 */
final class CrashingResource extends TestResource {

    CrashingResource() {
        super("crashing");
    }

    static final int CRASH_STATUS = 3;

    /** Arms the crash when {@code crashFile} exists. */
    static void crashSoonIf(Path crashFile) {
        if (crashFile == null || !Files.exists(crashFile)) {
            return;
        }
        Thread crash = new Thread(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.err.println("[ERROR] crashing on purpose: " + crashFile + " exists");
            Runtime.getRuntime().halt(CRASH_STATUS);
        }, "crash-on-purpose");
        crash.setDaemon(true);
        crash.start();
    }

    @Override
    public List<DependentResource> dependentResourcesWith(Capability owner) {
        String name = owner.getMetadata().getName() + "-cm";
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
                return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
                        .withData(Map.of("k", "v")).build();
            }

            @Override
            public DependentCondition condition(HasMetadata live) {
                return DependentCondition.ready("ConfigMap " + name + " exists");
            }
        });
    }
}
