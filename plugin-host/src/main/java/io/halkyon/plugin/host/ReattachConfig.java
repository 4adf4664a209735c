package io.halkyon.plugin.host;

import io.halkyon.plugin.api.PluginProtocol;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * How to reach a plugin that is already running, for {@link PluginClient#reattach}: go-plugin's
 * {@code ReattachConfig}. The handshake line is what the plugin printed when it started
 * ({@code 1|2|unix|/tmp/plugin123/plugin.sock|grpc|}); it is validated as a launched plugin's
 * would be. The pid is optional: with it {@link PluginClient#kill()} can signal the process and
 * its exit is noticed; without it only the Shutdown RPC can stop it.
 *
 * @param handshakeLine the line the plugin printed on stdout (a trailing newline is fine)
 * @param pid           the plugin's process id, if known
 */
public record ReattachConfig(String handshakeLine, OptionalLong pid) {

    public ReattachConfig {
        Objects.requireNonNull(handshakeLine, "handshakeLine");
        Objects.requireNonNull(pid, "pid");
        if (pid.isPresent() && pid.getAsLong() <= 0) {
            throw new IllegalArgumentException("ReattachConfig.pid must be positive, was " + pid.getAsLong());
        }
    }

    /** From the line the plugin printed, without a pid. */
    public static ReattachConfig of(String handshakeLine) {
        return new ReattachConfig(handshakeLine, OptionalLong.empty());
    }

    /** From the handshake values: network {@code unix} or {@code tcp}, address, negotiated app version. */
    public static ReattachConfig of(String network, String address, int appVersion) {
        return of(PluginProtocol.CORE_PROTOCOL_VERSION + "|" + appVersion + "|" + network + "|" + address + "|grpc|");
    }

    /** The same, with the plugin's process id. */
    public ReattachConfig withPid(long pid) {
        return new ReattachConfig(handshakeLine, OptionalLong.of(pid));
    }
}
