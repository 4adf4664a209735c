package io.halkyon.plugin.sdk.internal;

/** A dependent the request names does not exist; becomes {@code NOT_FOUND}. */
final class NotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotFoundException(String message) {
        super(message);
    }
}
