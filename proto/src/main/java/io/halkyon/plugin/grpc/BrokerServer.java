package io.halkyon.plugin.grpc;

/**
 * A gRPC server that {@link PluginBroker#acceptAndServe} started for one connection id.
 * It serves until {@link #close()} or until the plugin connection ends (the broker then
 * stops every server it started). Thread-safe.
 */
public interface BrokerServer extends AutoCloseable {

    /** The connection id the peer dials with {@link PluginBroker#dial(int)} (unsigned 32 bits on the wire). */
    int id();

    /** {@code unix} or {@code tcp}, as sent to the peer. */
    String network();

    /** The socket path, or {@code 127.0.0.1:port}, as sent to the peer. */
    String address();

    /**
     * Stops the server (in-flight calls get a moment to finish, then are cancelled) and
     * removes its socket file and private directory. Idempotent; never throws.
     */
    @Override
    void close();
}
