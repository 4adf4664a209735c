package io.halkyon.plugin.host.internal;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.PluginTimeoutException;
import io.halkyon.plugin.api.PluginUnavailableException;
import io.halkyon.plugin.host.PluginCallOutcome;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;

/** Translates a gRPC status into the plugin exception hierarchy, at the edge. */
public final class CallErrors {

    private CallErrors() {
    }

    /**
     * @param call           what was called, e.g. {@code Build of dependent v1/Secret/db (Capability ns/name)}
     * @param maxMessageSize the host's message size limit, named when a message exceeded it (0: unknown)
     */
    public static PluginException translate(String pluginName, String call, Duration timeout, int maxMessageSize,
                                            StatusRuntimeException e) {
        Status status = e.getStatus();
        String description = status.getDescription() == null ? status.getCode().toString() : status.getDescription();
        return switch (outcome(status)) {
            case TIMEOUT -> new PluginTimeoutException(pluginName, "plugin '" + pluginName + "': " + call
                    + " did not answer within " + Durations.format(timeout), timeout);
            case UNAVAILABLE -> new PluginUnavailableException(pluginName, "plugin '" + pluginName
                    + "' is unavailable: " + call + " failed: " + description, e);
            case TOO_LARGE -> new PluginException(pluginName, "plugin '" + pluginName + "': " + call
                    + " failed: a message exceeded the size limit"
                    + (maxMessageSize > 0 ? " of " + bytes(maxMessageSize) + " (maxMessageSize)" : "")
                    + ": " + description, e);
            case OK, ERROR -> new PluginException(pluginName, "plugin '" + pluginName + "': " + call + " failed: "
                    + description + " [" + status.getCode() + "]", e);
        };
    }

    /** How a call that ended with {@code status} counts: the cases of {@link #translate}, written once. */
    public static PluginCallOutcome outcome(Status status) {
        return switch (connectionLost(status) ? Status.Code.UNAVAILABLE : status.getCode()) {
            case OK -> PluginCallOutcome.OK;
            case DEADLINE_EXCEEDED -> PluginCallOutcome.TIMEOUT;
            case UNAVAILABLE, CANCELLED -> PluginCallOutcome.UNAVAILABLE;
            case RESOURCE_EXHAUSTED -> PluginCallOutcome.TOO_LARGE;
            default -> PluginCallOutcome.ERROR;
        };
    }

    /**
     * grpc-java reports a call written on a connection that has just closed (the plugin died) as
     * {@code UNKNOWN: channel closed}, with the ClosedChannelException as cause: for the host it is
     * the same as {@code UNAVAILABLE}, the plugin is gone.
     */
    private static boolean connectionLost(Status status) {
        if (status.getCode() != Status.Code.UNKNOWN) {
            return false;
        }
        for (Throwable t = status.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ClosedChannelException) {
                return true;
            }
        }
        return false;
    }

    /** {@code 16 MiB}, {@code 64 KiB} or {@code 1500 bytes}. */
    static String bytes(long n) {
        if (n >= 1 << 20 && n % (1 << 20) == 0) {
            return (n >> 20) + " MiB";
        }
        if (n >= 1 << 10 && n % (1 << 10) == 0) {
            return (n >> 10) + " KiB";
        }
        return n + " bytes";
    }
}
