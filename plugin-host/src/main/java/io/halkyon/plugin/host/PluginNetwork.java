package io.halkyon.plugin.host;

/**
 * How a plugin listens: {@link #UNIX} on a unix domain socket (the default on Linux, as in
 * go-plugin) or {@link #TCP} on 127.0.0.1 within the configured port range. The host asks
 * for it through {@code HALKYON_PLUGIN_NETWORK}; the plugin's handshake line decides, and the
 * host dials whatever the plugin printed.
 */
public enum PluginNetwork {
    UNIX,
    TCP;

    /** The handshake spelling: {@code unix} or {@code tcp}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
