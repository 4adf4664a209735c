package io.halkyon.plugin.host;

import io.halkyon.plugin.api.Plugin;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One plugin file a {@link PluginManager} loaded: either a running (or since stopped/failed)
 * {@link PluginClient}, or the reason it could not be started.
 */
public final class PluginHandle {

    private final Path file;
    private final String name;
    private final PluginClient client;
    private final Throwable loadFailure;

    PluginHandle(Path file, String name, PluginClient client, Throwable loadFailure) {
        this.file = file;
        this.name = name;
        this.client = client;
        this.loadFailure = loadFailure;
    }

    /** The plugin file. */
    public Path file() {
        return file;
    }

    /** The configured name: the file name without {@code .jar}. */
    public String name() {
        return name;
    }

    /** {@link PluginState#RUNNING} once loaded (later whatever its client says); FAILED if it could not start. */
    public PluginState state() {
        return client == null ? PluginState.FAILED : client.state();
    }

    /** Why it could not start, or why it failed since. */
    public Optional<Throwable> failure() {
        return client == null ? Optional.ofNullable(loadFailure) : client.failure();
    }

    /** The client, when the plugin started. */
    public Optional<PluginClient> client() {
        return Optional.ofNullable(client);
    }

    /** The plugin proxy, when the plugin started. */
    public Optional<Plugin> plugin() {
        return client().map(PluginClient::plugin);
    }

    @Override
    public String toString() {
        return "PluginHandle{file=" + file + ", state=" + state()
                + failure().map(f -> ", failure=" + f.getMessage()).orElse("") + '}';
    }
}
