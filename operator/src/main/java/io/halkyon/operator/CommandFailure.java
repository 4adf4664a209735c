package io.halkyon.operator;

/**
 * A command failed for a reason its message says in full, for the user: printed as
 * {@code error: <message>} without a stack trace (which {@code --log-level debug} adds), exit status 1.
 */
final class CommandFailure extends RuntimeException {

    CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
