package io.halkyon.plugin.api;

/**
 * The plugin did not complete the handshake: it exited first, printed a line that is not a
 * valid handshake, or chose a core version, network, protocol or app version the host does
 * not accept. The message quotes what the plugin printed.
 */
public class PluginHandshakeException extends PluginException {

    public PluginHandshakeException(String pluginName, String message) {
        super(pluginName, message);
    }

    public PluginHandshakeException(String pluginName, String message, Throwable cause) {
        super(pluginName, message, cause);
    }
}
