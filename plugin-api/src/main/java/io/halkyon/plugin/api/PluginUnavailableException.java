package io.halkyon.plugin.api;

/**
 * The plugin cannot be reached: its process exited, crashed in the middle of a call, or is
 * being stopped or restarted. Trying again later may succeed.
 */
public class PluginUnavailableException extends PluginException {

    public PluginUnavailableException(String pluginName, String message, Throwable cause) {
        super(pluginName, message, cause);
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
