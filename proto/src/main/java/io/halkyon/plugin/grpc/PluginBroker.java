package io.halkyon.plugin.grpc;

import io.grpc.BindableService;
import io.grpc.ManagedChannel;

/**
 * Extra gRPC connections between a host and one of its plugins, negotiated over the
 * plugin connection: go-plugin's {@code GRPCBroker}, wire-compatible with go-plugin 1.0.1.
 *
 * <p>There is one broker on each side of every plugin connection: the host has one for
 * each plugin it runs, the plugin has one for its host. Both sides have the same three
 * operations, so either can serve and either can dial.
 *
 * <h2>How a connection is made</h2>
 * <ol>
 *   <li>The serving side takes a fresh id with {@link #nextId()} and calls
 *       {@link #acceptAndServe(int, BindableService...)}: a new gRPC server with the given
 *       services starts on a new socket, and the broker tells the peer
 *       "connection {@code id} is at {@code network}/{@code address}".</li>
 *   <li>It passes the id to the peer in an ordinary call of its own API (a field of a
 *       request or a response).</li>
 *   <li>The peer calls {@link #dial(int)} with that id and gets a channel to the new
 *       server, to build stubs on.</li>
 * </ol>
 * <pre>{@code
 * // host side, inside an operator: lend the plugin a callback service for one call
 * int id = broker.nextId();
 * try (BrokerServer callbacks = broker.acceptAndServe(id, new ProgressService())) {
 *     stub.reconcile(request.toBuilder().setCallbackBrokerId(id).build());
 * }
 *
 * // plugin side, in the reconcile implementation
 * ManagedChannel channel = broker.dial(request.getCallbackBrokerId());
 * try {
 *     ProgressGrpc.newBlockingStub(channel).report(...);
 * } finally {
 *     channel.shutdownNow();
 * }
 * }</pre>
 *
 * <h2>Rules and timing</h2>
 * <ul>
 *   <li>Ids are unsigned 32-bit numbers on the wire ({@code int} here, compare with
 *       {@link Integer#toUnsignedString(int)}). Each side counts its own from 1; an id
 *       means "the connection <em>this</em> side offered", so always take the id from
 *       the broker of the side that serves.</li>
 *   <li>An offer is claimed by exactly one {@code dial}. It is valid for 5 seconds (the
 *       dial timeout): {@code dial} waits up to that long for the offer to arrive, and an
 *       offer nobody dials within that long after it arrived is forgotten, as in
 *       go-plugin. The server itself keeps running until closed; for another
 *       connection, accept again with a new id.</li>
 *   <li>The new connection uses the same transport security as the plugin connection:
 *       with AutoMTLS both sides pin the same certificates; a unix socket lives in a
 *       fresh directory only the current user can enter.</li>
 *   <li>Offers from the peer are validated: only {@code unix} sockets with an absolute
 *       path and {@code tcp} on the loopback interface are accepted; anything else is
 *       dropped with a warning, so a misbehaving plugin cannot make the host dial
 *       elsewhere.</li>
 *   <li>When the plugin connection ends (the plugin exits, is killed or restarted),
 *       the broker closes: its servers stop and later calls fail with a
 *       {@link io.halkyon.plugin.api.PluginException}. Channels returned by
 *       {@code dial} are the caller's to shut down; after a plugin restart they fail
 *       like any channel whose server is gone.</li>
 *   <li>All methods are thread-safe. {@code dial} and {@code acceptAndServe} block
 *       (up to the dial timeout): call them from your own threads or from a gRPC service
 *       method, never from a Netty event loop or a {@code StreamObserver} callback of
 *       an async stub.</li>
 * </ul>
 *
 * <p>Unlike go-plugin, whose {@code AcceptAndServe} blocks for the server's lifetime,
 * {@link #acceptAndServe} returns as soon as the server listens and the offer is sent.
 */
public interface PluginBroker {

    /**
     * A new connection id for {@link #acceptAndServe}: 1, 2, 3... per side and per plugin
     * connection (a restarted plugin starts again from 1).
     */
    int nextId();

    /**
     * Starts a gRPC server with {@code services} on a new socket and offers it to the
     * peer under {@code id}. Returns once the server listens and the offer is sent; the
     * peer then has 5 seconds to {@link #dial(int)} it.
     *
     * <p>On the plugin side this waits (up to the dial timeout) for the host to open the
     * broker stream, which it does right after connecting.
     *
     * @param id       usually {@link #nextId()}; an id must not be offered twice while
     *                 unclaimed, or the peer keeps the first offer and drops the second
     * @param services at least one service to serve on the new connection
     * @return the running server; close it when the peer no longer needs it
     * @throws io.halkyon.plugin.api.PluginException when the broker is closed, the peer
     *         never opened the broker stream, no socket could be bound, or the offer could
     *         not be sent; the message names the plugin and the id
     * @throws IllegalArgumentException when no service is given
     */
    BrokerServer acceptAndServe(int id, BindableService... services);

    /**
     * Connects to the server the peer offered under {@code id}, waiting up to the dial
     * timeout (5 seconds) for the offer if it has not arrived yet. The channel connects
     * lazily, on its first call; the caller shuts it down.
     *
     * @return a channel to the peer's server, with the plugin connection's TLS settings
     *         and maximum message size
     * @throws io.halkyon.plugin.api.PluginException when no offer for {@code id} arrives
     *         in time (e.g. "plugin 'kv': broker: the host offered no connection for id 7
     *         within 5s"), another {@code dial} for the same id is already waiting, the
     *         broker closes meanwhile or is closed, or the thread is interrupted (its
     *         interrupt flag is then set again)
     */
    ManagedChannel dial(int id);
}
