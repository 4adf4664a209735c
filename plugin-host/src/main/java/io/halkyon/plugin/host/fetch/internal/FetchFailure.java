package io.halkyon.plugin.host.fetch.internal;

import io.halkyon.plugin.api.PluginException;

/** A failed fetch attempt; retryable when trying again within the run may pass (I/O, 5xx, 429). */
public final class FetchFailure extends PluginException {

    private final boolean retryable;

    public FetchFailure(String reference, String message, boolean retryable, Throwable cause) {
        super(reference, message, cause);
        this.retryable = retryable;
    }

    static FetchFailure permanent(String reference, String message) {
        return new FetchFailure(reference, message, false, null);
    }

    static FetchFailure transientFailure(String reference, String message, Throwable cause) {
        return new FetchFailure(reference, message, true, cause);
    }

    @Override
    public boolean isRetryable() {
        return retryable;
    }
}
