package io.halkyon.operator;

import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.api.TypeInfo;
import io.halkyon.plugin.host.PluginHandle;
import io.halkyon.plugin.host.PluginState;
import io.halkyon.plugin.host.remote.RemotePlugin;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What {@code plugins} reports about one plugin file or remote plugin; also its JSON shape.
 * Fields the plugin could not report (it failed to start) are null. A remote plugin's
 * {@code file} is {@value #REMOTE}.
 *
 * @param file            the file name within the plugins directory
 * @param name            the plugin's name as it reported it, else the name derived from the file
 * @param version         the plugin's own version
 * @param category        the category it provides
 * @param types           the types it provides, with their versions
 * @param protocolVersion the negotiated app protocol version
 * @param pid             the process id of its latest process that started; null for a remote plugin
 * @param connections     a remote plugin's connected replicas; null for a plugin file
 * @param identities      the identities (ServiceAccounts) of a remote plugin's replicas; null for a plugin file
 * @param state           the host's {@link PluginState} of the supervised plugin: RUNNING, or STARTING,
 *                        UNHEALTHY, RESTARTING while the host replaces its process, FAILED when it
 *                        could not start or gave up (crash loop), STOPPING, STOPPED
 * @param restarts        how many times the host restarted its process since it was loaded
 * @param cause           why it is not RUNNING (why it failed, why it is restarting), on one line;
 *                        null when it is RUNNING
 */
public record PluginRow(String file, String name, String version, String category, List<TypeInfo> types,
                        Integer protocolVersion, Long pid, Integer connections, List<String> identities, String state,
                        int restarts, String cause) {

    /** The {@code file} of a remote plugin's row. */
    public static final String REMOTE = "(remote)";

    /** Reads a handle; cached plugin information only, no remote call. */
    public static PluginRow of(PluginHandle handle) {
        String file = handle.file().getFileName().toString();
        Optional<Plugin> plugin = handle.plugin();
        String cause = handle.failure().map(PluginRow::oneLine).orElse(null);
        return new PluginRow(file,
                plugin.map(Plugin::name).orElse(handle.name()),
                plugin.map(Plugin::version).orElse(null),
                plugin.map(Plugin::category).orElse(null),
                plugin.map(Plugin::types).orElse(null),
                handle.protocolVersion().isPresent() ? handle.protocolVersion().getAsInt() : null,
                handle.pid().isPresent() ? handle.pid().getAsLong() : null,
                null,
                null,
                handle.state().name(),
                handle.restartCount(),
                cause);
    }

    /** Reads a remote plugin: its registered name, and what its latest replica reported. */
    public static PluginRow of(RemotePlugin remote) {
        Optional<Plugin> plugin = remote.plugin();
        return new PluginRow(REMOTE,
                remote.name(),
                remote.version(),
                plugin.map(Plugin::category).orElse(null),
                plugin.map(Plugin::types).orElse(null),
                null,
                null,
                remote.connectionCount(),
                remote.connections().stream().map(c -> c.identity().username()).distinct().sorted().toList(),
                remote.state().name(),
                0,
                remote.failure().map(PluginRow::oneLine).orElse(null));
    }

    /** {@code 2 (system:serviceaccount:db:pg)}: a remote plugin's connections and who they are; null for a file. */
    public String connectionsText() {
        return connections == null ? null : connections + (identities.isEmpty() ? "" : " (" + String.join(", ", identities)
                + ")");
    }

    /** Whether the plugin is up and serving. */
    public boolean loaded() {
        return PluginState.RUNNING.name().equals(state) && cause == null;
    }

    /** The types as {@code postgres[13,14,15,16]}, several separated by {@code ", "}. */
    public String typesText() {
        if (types == null) {
            return null;
        }
        return types.stream()
                .map(t -> t.type() + "[" + String.join(",", t.versions()) + "]")
                .collect(Collectors.joining(", "));
    }

    /** The message of a failure, its lines joined, or its class when it has none. */
    static String oneLine(Throwable failure) {
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            return failure.getClass().getSimpleName();
        }
        return ConsoleText.oneLine(message);
    }
}
