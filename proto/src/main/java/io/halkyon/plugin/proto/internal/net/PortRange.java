package io.halkyon.plugin.proto.internal.net;

import io.halkyon.plugin.api.PluginProtocol;
import java.util.Map;

/** The TCP port range from {@code PLUGIN_MIN_PORT} / {@code PLUGIN_MAX_PORT}. */
public record PortRange(int min, int max) {

    public PortRange {
        if (min < 1 || max > 65535 || min > max) {
            throw new IllegalArgumentException("invalid TCP port range " + min + ".." + max + " ("
                    + PluginProtocol.ENV_MIN_PORT + ".." + PluginProtocol.ENV_MAX_PORT
                    + "): expected 1 <= min <= max <= 65535");
        }
    }

    public static PortRange fromEnvironment(Map<String, String> env) {
        return new PortRange(
                port(env, PluginProtocol.ENV_MIN_PORT, PluginProtocol.DEFAULT_MIN_PORT),
                port(env, PluginProtocol.ENV_MAX_PORT, PluginProtocol.DEFAULT_MAX_PORT));
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "='" + value + "' is not a port number");
        }
    }
}
