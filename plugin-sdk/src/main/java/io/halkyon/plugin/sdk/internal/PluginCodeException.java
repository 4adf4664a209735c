package io.halkyon.plugin.sdk.internal;

/** Plugin code answered something unusable (null, an unknown condition type); becomes {@code INTERNAL}. */
final class PluginCodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PluginCodeException(String message) {
        super(message);
    }
}
