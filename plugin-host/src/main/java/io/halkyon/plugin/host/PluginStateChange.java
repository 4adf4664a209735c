package io.halkyon.plugin.host;

/**
 * One transition of a plugin's {@link PluginState}.
 *
 * @param pluginName the plugin's configured name
 * @param from       the previous state
 * @param to         the new state
 * @param cause      why, when {@code to} is {@link PluginState#FAILED}, {@link PluginState#UNHEALTHY}
 *                   or {@link PluginState#RESTARTING} (its exit status and last stderr lines, missed
 *                   health checks, a crash loop...); {@code null} otherwise
 */
public record PluginStateChange(String pluginName, PluginState from, PluginState to, Throwable cause) {
}
