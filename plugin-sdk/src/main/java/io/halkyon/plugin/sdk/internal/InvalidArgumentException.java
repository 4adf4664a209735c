package io.halkyon.plugin.sdk.internal;

/** A request the SDK cannot serve as sent; becomes {@code INVALID_ARGUMENT}. */
final class InvalidArgumentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidArgumentException(String message) {
        super(message);
    }

    InvalidArgumentException(String message, Throwable cause) {
        super(message, cause);
    }
}
