package io.halkyon.plugin.sdk.logging.internal;

/**
 * Demotes known harmless library warnings to debug, so a host does not log them at warn
 * level for every connection.
 */
final class NoiseFilter {

    private static final String NETTY_BOOTSTRAP = "io.grpc.netty.shaded.io.netty.bootstrap";

    private NoiseFilter() {
    }

    static LogLevel levelOf(LogLevel level, String module, String message) {
        // grpc-netty always sets SO_KEEPALIVE on accepted channels; unix domain socket
        // channels do not know that option and netty warns on each connection.
        if (level == LogLevel.WARN && module != null && module.startsWith(NETTY_BOOTSTRAP)
                && message != null && message.contains("SO_KEEPALIVE")) {
            return LogLevel.DEBUG;
        }
        return level;
    }
}
