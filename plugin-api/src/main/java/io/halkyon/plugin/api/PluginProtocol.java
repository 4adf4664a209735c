package io.halkyon.plugin.api;

/**
 * Constants of the launch protocol, shared by host and SDK. The protocol is HashiCorp
 * go-plugin's: see {@code docs/protocol.md}.
 */
public final class PluginProtocol {

    /** go-plugin's core protocol version, the first field of the handshake line. */
    public static final int CORE_PROTOCOL_VERSION = 1;

    /** The capability service's app protocol version that this release speaks. */
    public static final int APP_PROTOCOL_VERSION = 1;

    /**
     * The protobuf package of the registration stream remote plugins dial
     * ({@code pluginframework.v1.PluginFrameworkService}, docs/protocol.md), wire-compatible with
     * the Go operator plugin framework.
     */
    public static final String REMOTE_PROTOCOL = "pluginframework.v1";

    /** The magic cookie's environment variable (the original Halkyon value). */
    public static final String MAGIC_COOKIE_KEY = "HALKYON_CAPABILITY_PLUGIN";

    /** The magic cookie's value (the original Halkyon value). */
    public static final String MAGIC_COOKIE_VALUE = "io.halkyon.capability.plugin";

    /** Comma-separated app protocol versions the host speaks. */
    public static final String ENV_PROTOCOL_VERSIONS = "PLUGIN_PROTOCOL_VERSIONS";

    /** Lowest TCP port a plugin may listen on. */
    public static final String ENV_MIN_PORT = "PLUGIN_MIN_PORT";

    /** Highest TCP port a plugin may listen on. */
    public static final String ENV_MAX_PORT = "PLUGIN_MAX_PORT";

    /**
     * The directory in which a plugin creates its unix socket's private directory (newer
     * go-plugin's variable). Our host sets it to a directory of its own per launch and removes
     * it when the plugin is gone, whatever way it ended.
     */
    public static final String ENV_UNIX_SOCKET_DIR = "PLUGIN_UNIX_SOCKET_DIR";

    /** With AutoMTLS, the host's PEM certificate. */
    public static final String ENV_CLIENT_CERT = "PLUGIN_CLIENT_CERT";

    /**
     * Our extension: {@code unix} (default) or {@code tcp}, asking an SDK plugin to listen on
     * a unix socket or on TCP loopback. go-plugin plugins ignore it.
     */
    public static final String ENV_NETWORK = "HALKYON_PLUGIN_NETWORK";

    /**
     * Our extension, set to {@code 1}: the plugin's stdin is a pipe the host holds open and never
     * writes to. End of file on it means the host is gone, however it launched the plugin
     * (directly or through a wrapper script): an SDK plugin then exits, so a killed host leaves no
     * orphan. Replaces telling the plugin the host's pid, which only helps a plugin look at the host.
     */
    public static final String ENV_STDIN_WATCH = "HALKYON_PLUGIN_STDIN_WATCH";

    public static final int DEFAULT_MIN_PORT = 10000;
    public static final int DEFAULT_MAX_PORT = 25000;

    /** The service name the plugin reports SERVING on {@code grpc.health.v1.Health}. */
    public static final String HEALTH_SERVICE = "plugin";

    private PluginProtocol() {
    }
}
