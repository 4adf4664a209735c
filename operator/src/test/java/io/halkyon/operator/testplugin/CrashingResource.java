package io.halkyon.operator.testplugin;

import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
        return List.of(configMap(name, () -> { }));
    }
}
