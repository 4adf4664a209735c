package io.halkyon.plugin.api;

import java.util.Objects;

/**
 * A remote plugin was refused: its token is missing or not valid ({@link Reason#UNAUTHENTICATED}),
 * or its identity may not register under the name it gave ({@link Reason#PERMISSION_DENIED}).
 * On the wire these are the gRPC statuses of the same names; the message names the identity, the
 * plugin name and what was missing, never the token.
 */
public class PluginAccessException extends PluginException {

    /** Why access was refused. */
    public enum Reason {
        /** No token, or a token that is not valid (expired, revoked, wrong audience). */
        UNAUTHENTICATED,
        /** A valid identity without the permission to register this plugin name. */
        PERMISSION_DENIED
    }

    private final Reason reason;

    public PluginAccessException(String pluginName, Reason reason, String message) {
        super(pluginName, message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why access was refused. */
    public Reason reason() {
        return reason;
    }
}
