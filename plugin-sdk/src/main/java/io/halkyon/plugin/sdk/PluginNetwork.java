package io.halkyon.plugin.sdk;

/**
 * Where a served plugin listens; printed as the third field of the handshake line.
 *
 * <p>The environment variable {@code HALKYON_PLUGIN_NETWORK} ({@code unix} or {@code tcp},
 * set by the Halkyon host) overrides {@link ServeConfig#network()}.
 */
public enum PluginNetwork {
    /**
     * A unix domain socket {@code plugin.sock} inside a fresh temporary directory that
     * only the plugin's user can enter (mode 0700), created under
     * {@code PLUGIN_UNIX_SOCKET_DIR} when set, else under {@code java.io.tmpdir}. The
     * default, as in go-plugin on Linux.
     */
    UNIX,
    /**
     * TCP on {@code 127.0.0.1}, on a free port within {@code PLUGIN_MIN_PORT} ..
     * {@code PLUGIN_MAX_PORT} (defaults 10000 .. 25000).
     */
    TCP;

    /** The name used on the wire: {@code unix} or {@code tcp}. */
    public String wireName() {
        return this == UNIX ? "unix" : "tcp";
    }
}
