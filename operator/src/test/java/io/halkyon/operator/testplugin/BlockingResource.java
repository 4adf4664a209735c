package io.halkyon.operator.testplugin;

import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code test/blocking}: one ConfigMap {@code <name>-cm}, ready once it exists. When the
 * Capability's parameter {@code blockFile} names an existing file, the condition call deletes
 * it, writes this process's pid to {@code <blockFile>.pid} and blocks (until the test kills the
 * process). Once the file is gone, calls answer at once.
 */
final class BlockingResource extends TestResource {

    BlockingResource() {
        super("blocking");
    }

    @Override
    public List<DependentResource> dependentResourcesWith(Capability owner) {
        String name = owner.getMetadata().getName() + "-cm";
        String blockFile = owner.getSpec().parameter("blockFile").orElse(null);
        return List.of(configMap(name, () -> {
            if (blockFile != null) {
                blockIfAsked(Path.of(blockFile));
            }
        }));
    }

    private static void blockIfAsked(Path blockFile) {
        try {
            if (!Files.deleteIfExists(blockFile)) {
                return;
            }
            Path pidFile = Path.of(blockFile + ".pid");
            Path tmp = Path.of(blockFile + ".pid.tmp");
            Files.writeString(tmp, Long.toString(ProcessHandle.current().pid()));
            Files.move(tmp, pidFile);
            Thread.sleep(Long.MAX_VALUE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
