package io.halkyon.plugin.sdk;

import io.halkyon.plugin.sdk.internal.PluginRuntime;

/**
 * A plugin served inside the current JVM by {@link PluginServer#start}, for tests: the
 * same gRPC services a plugin process offers, on a real socket, without the process
 * around it. Close it to stop the server and remove its socket.
 */
public final class ServedPlugin implements AutoCloseable {

    private final PluginRuntime runtime;

    ServedPlugin(PluginRuntime runtime) {
        this.runtime = runtime;
    }

    /** The plugin's name ({@link ServeConfig#name()}; a Capability resource's {@code name()}). */
    public String name() {
        return runtime.pluginName();
    }

    /** Where the server listens. */
    public PluginNetwork network() {
        return runtime.network();
    }

    /**
     * The address as the handshake line carries it: the socket path for {@link PluginNetwork#UNIX},
     * {@code 127.0.0.1:PORT} for {@link PluginNetwork#TCP}. A grpc-java client dials
     * {@code "unix:" + address()} or the address itself.
     */
    public String address() {
        return runtime.address();
    }

    /** The app protocol version announced: the highest of {@link ServeConfig#appVersions()}. */
    public int appVersion() {
        return runtime.appVersion();
    }

    /** The handshake line a plugin process would print, e.g. {@code 1|1|unix|/tmp/plugin1/plugin.sock|grpc|\n}. */
    public String handshakeLine() {
        return runtime.handshakeLine();
    }

    /** The broker to the host that connects (see {@link io.halkyon.plugin.grpc.PluginBroker}). */
    public io.halkyon.plugin.grpc.PluginBroker broker() {
        return runtime.broker();
    }

    /** Whether a stop has begun (by {@link #close()} or a Shutdown call). */
    public boolean isStopped() {
        return runtime.isStopping();
    }

    /**
     * Stops gracefully within {@link ServeConfig#shutdownGrace()} (plus a short forced wait)
     * and removes the socket. Idempotent.
     */
    @Override
    public void close() {
        runtime.stop("closed", true);
    }

    @Override
    public String toString() {
        return "ServedPlugin{" + name() + " on " + network().wireName() + " " + address() + '}';
    }
}
