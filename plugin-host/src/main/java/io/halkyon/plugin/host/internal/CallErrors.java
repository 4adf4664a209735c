package io.halkyon.plugin.host.internal;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.PluginTimeoutException;
import io.halkyon.plugin.api.PluginUnavailableException;
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
        return switch (connectionLost(e) ? Status.Code.UNAVAILABLE : status.getCode()) {
            case DEADLINE_EXCEEDED -> new PluginTimeoutException(pluginName, "plugin '" + pluginName + "': " + call
                    + " did not answer within " + Durations.format(timeout), timeout);
            case UNAVAILABLE, CANCELLED -> new PluginUnavailableException(pluginName, "plugin '" + pluginName
                    + "' is unavailable: " + call + " failed: " + description, e);
            case RESOURCE_EXHAUSTED -> new PluginException(pluginName, "plugin '" + pluginName + "': " + call
                    + " failed: a message exceeded the size limit"
                    + (maxMessageSize > 0 ? " of " + bytes(maxMessageSize) + " (maxMessageSize)" : "")
                    + ": " + description, e);
            default -> new PluginException(pluginName, "plugin '" + pluginName + "': " + call + " failed: "
                    + description + " [" + status.getCode() + "]", e);
        };
    }

    /**
     * grpc-java reports a call written on a connection that has just closed (the plugin died) as
     * {@code UNKNOWN: channel closed}, with the ClosedChannelException as cause: for the host it is
     * the same as {@code UNAVAILABLE}, the plugin is gone.
     */
    private static boolean connectionLost(StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.UNKNOWN) {
            return false;
        }
        for (Throwable t = e.getStatus().getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
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
