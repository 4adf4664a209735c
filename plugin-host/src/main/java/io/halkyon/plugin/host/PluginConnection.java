package io.halkyon.plugin.host;

import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.grpc.PluginBroker;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What a {@link PluginKind} gets to build its typed client: the plugin's gRPC channel, its
 * broker, and the host's settings for calls. go-plugin's {@code (broker, *grpc.ClientConn)}.
 *
 * <p>For a plugin supervised by a {@link PluginManager} the connection is the same object across
 * restarts of its process: the channel and the broker go to whichever process is running, so a
 * client made once never goes stale; calls made while the plugin restarts fail fast with a
 * retryable {@link io.halkyon.plugin.api.PluginUnavailableException} (through {@link #call}) or
 * a gRPC {@code UNAVAILABLE} status (raw stubs).
 */
public interface PluginConnection {

    /** The plugin's name, for messages. */
    String pluginName();

    /** The app protocol version negotiated in the handshake. */
    int appVersion();

    /**
     * The channel to the plugin. Every call on it gets {@link #callTimeout()} as deadline
     * unless the caller set one, and fails fast with {@code UNAVAILABLE} when the plugin is not
     * running. Do not shut it down: the host owns it.
     */
    Channel channel();

    /** go-plugin's GRPCBroker on this connection: offer services to the plugin or dial its own. */
    PluginBroker broker();

    /** The deadline given to calls that set none ({@link PluginClientConfig#callTimeout()}). */
    Duration callTimeout();

    /**
     * Runs one call and translates a gRPC failure at the edge: {@code DEADLINE_EXCEEDED} becomes
     * a {@link io.halkyon.plugin.api.PluginTimeoutException}, {@code UNAVAILABLE} a
     * {@link io.halkyon.plugin.api.PluginUnavailableException}, anything else a
     * {@link PluginException} carrying the plugin's name, {@code what} and the status message.
     *
     * @param what names the call in messages, e.g. {@code "Get of key 'a'"}
     */
    <T> T call(String what, Supplier<T> rpc);

    /**
     * Stops the plugin: for a {@link PluginClient}, {@link PluginClient#kill()}; for a supervised
     * plugin, stops it for good (see {@link PluginHandle#stop()}).
     */
    void kill();

    /** Translates an exception a raw stub threw, as {@link #call} does. */
    PluginException translate(String what, StatusRuntimeException e);
}
