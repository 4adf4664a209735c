package io.halkyon.plugin.host;

/**
 * One transition of a plugin's {@link PluginState}.
 *
 * @param pluginName the plugin's configured name
 * @param from       the previous state
 * @param to         the new state
 * @param cause      why it failed when {@code to} is {@link PluginState#FAILED}; {@code null} otherwise
 */
public record PluginStateChange(String pluginName, PluginState from, PluginState to, Throwable cause) {
}
