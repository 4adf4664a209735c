package io.halkyon.operator.verify;

import io.halkyon.operator.render.CapabilityFiles;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.host.PluginClientConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The plugin file under test and how to launch it: the settings the operator would launch it
 * with ({@code template}: start and call timeouts, environment, JVM options), named after the file.
 *
 * @param file         the plugin: a {@code .jar}, or any executable
 * @param template     the operator's launch settings, without name and command
 * @param capabilities Capabilities to check the contract with instead of samples made from
 *                     GetInfo (read by {@link CapabilityFiles}); empty for the samples
 * @param bound        the longest wait for a plugin to exit by itself (refusals, Shutdown, host death)
 */
public record Target(Path file, PluginClientConfig template, List<Capability> capabilities, Duration bound) {

    /** The default {@code bound}. */
    public static final Duration DEFAULT_BOUND = Duration.ofSeconds(10);

    public Target {
        file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
        Objects.requireNonNull(template, "template");
        capabilities = List.copyOf(capabilities);
        Objects.requireNonNull(bound, "bound");
    }

    /** The plugin's name in messages and logs: its file name. */
    public String name() {
        return file.getFileName().toString();
    }

    /** The launch settings as the operator would use them for this file. */
    PluginClientConfig.Builder config() {
        return template.toBuilder().name(name()).executable(file);
    }
}
