package io.halkyon.plugin.api;

/**
 * What was asked for does not exist: no loaded plugin provides the requested category, type
 * and version, or a plugin's set has no kind of the requested name for the negotiated version.
 */
public class PluginNotFoundException extends PluginException {

    /** No plugin provides {@code category}/{@code type}; {@link #pluginName()} is {@code category/type}. */
    public PluginNotFoundException(String category, String type, String message) {
        super(category + "/" + type, message);
    }

    /** Something of plugin {@code pluginName} (a plugin kind) does not exist. */
    public PluginNotFoundException(String pluginName, String message) {
        super(pluginName, message);
    }
}
