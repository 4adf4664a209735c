package io.halkyon.plugin.api;

import java.time.Duration;

/** The plugin did not answer within a deadline: the start timeout or a call's deadline. */
public class PluginTimeoutException extends PluginException {

    private final Duration timeout;

    public PluginTimeoutException(String pluginName, String message, Duration timeout) {
        super(pluginName, message);
        this.timeout = timeout;
    }

    /** The deadline that passed. */
    public Duration timeout() {
        return timeout;
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
