package io.halkyon.plugin.api;

/**
 * The root of every error the plugin libraries raise. Unchecked. Carries the name of the
 * plugin concerned (or the file it was loaded from) so a message can always say which.
 */
public class PluginException extends RuntimeException {

    private final String pluginName;

    public PluginException(String pluginName, String message) {
        this(pluginName, message, null);
    }

    public PluginException(String pluginName, String message, Throwable cause) {
        super(message, cause);
        this.pluginName = pluginName;
    }

    /** The plugin this error concerns; never null. */
    public String pluginName() {
        return pluginName;
    }

    /** Whether trying again later may succeed (the plugin is restarting, a call timed out). */
    public boolean isRetryable() {
        return false;
    }
}
