package io.halkyon.plugin.sdk.remote.internal;

import io.grpc.Status;
import io.halkyon.plugin.api.PluginAccessException;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.PluginUnavailableException;
import java.time.Duration;
import java.util.Locale;

/** Why a stream ended, as the exception {@code RemotePlugin.lastFailure()} reports, and what happens next, for log lines. */
final class StreamFailures {

    private final String name;
    private final Target target;
    private final TokenSource tokens;

    StreamFailures(String name, Target target, TokenSource tokens) {
        this.name = name;
        this.target = target;
        this.tokens = tokens;
    }

    /** @param error null when the operator completed the stream */
    PluginException of(Throwable error) {
        String prefix = "remote plugin '" + name + "': ";
        if (error == null) {
            return new PluginUnavailableException(name, prefix + "the operator at " + target + " ended the stream", null);
        }
        Status status = Status.fromThrowable(error);
        String what = status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription())
                + (status.getCause() == null ? "" : " (" + status.getCause() + ")");
        return switch (status.getCode()) {
            case UNAUTHENTICATED -> new PluginAccessException(name, PluginAccessException.Reason.UNAUTHENTICATED,
                    prefix + "the operator at " + target + " refused the token (" + tokens.describe() + "): " + what);
            case PERMISSION_DENIED -> new PluginAccessException(name, PluginAccessException.Reason.PERMISSION_DENIED,
                    prefix + "the operator at " + target + " refused to let this identity register '" + name + "': "
                            + what);
            default -> new PluginUnavailableException(name, prefix + "the stream to the operator at " + target
                    + " ended: " + what, error);
        };
    }

    /** What the plugin does after {@code failure}: connect again after {@code wait}. */
    String waitText(PluginException failure, Duration wait) {
        String in = seconds(wait);
        if (failure instanceof PluginAccessException access) {
            return access.reason() == PluginAccessException.Reason.UNAUTHENTICATED
                    ? "connecting again in " + in + " with the token read again (" + tokens.describe() + ")"
                    : "trying again in " + in + ": an admin may grant it meanwhile (verb register on resource plugins"
                            + " of group halkyon.io, name '" + name + "', docs/protocol.md 14.5)";
        }
        return "connecting again in " + in;
    }

    static String cancelled(int calls) {
        return calls == 0 ? "" : "; " + calls + " calls in flight cancelled";
    }

    static String seconds(Duration time) {
        return String.format(Locale.ROOT, "%.1f s", time.toMillis() / 1000.0);
    }
}
