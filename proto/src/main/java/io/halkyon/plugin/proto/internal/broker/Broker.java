package io.halkyon.plugin.proto.internal.broker;

import io.grpc.BindableService;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.grpc.BrokerServer;
import io.halkyon.plugin.grpc.PluginBroker;
import io.halkyon.plugin.proto.goplugin.ConnInfo;
import io.halkyon.plugin.proto.goplugin.GRPCBrokerGrpc;
import io.halkyon.plugin.proto.internal.net.ClientChannels;
import io.halkyon.plugin.proto.internal.net.ServerListener;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * go-plugin's {@code GRPCBroker}, one class for both sides. The plugin attaches the
 * host's {@code StartStream} call through {@link BrokerStreamService}; the host opens that
 * call with {@link #connect(Channel)}. Offers from the peer are checked by
 * {@link OfferIntake}; our servers are {@link ServedConnection}s.
 */
public final class Broker implements PluginBroker, AutoCloseable {

    public static final Duration DEFAULT_DIAL_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(Broker.class);

    private final String pluginName;
    private final String peer;
    private final Map<String, String> env;
    private final String network;
    private final SslContext serverTls;
    private final SslContext clientTls;
    private final Duration dialTimeout;
    private final int maxMessageSize;
    private final AtomicInteger ids = new AtomicInteger();
    private final OfferIntake offers;
    private final Object lock = new Object();
    private final Set<ServedConnection> servers = new LinkedHashSet<>();
    private StreamLink link;
    private String lastEnd;
    /** The host's own stream ended: no other will come, so accepting fails at once. */
    private boolean streamGone;
    private boolean closed;

    /**
     * @param pluginName     named in every message and log line
     * @param peer           what the other side is called in messages: {@code "host"} or {@code "plugin"}
     * @param env            for {@link ServerListener#start}: socket directory, TCP port range
     * @param network        {@code unix} or {@code tcp}: where our servers listen
     * @param serverTls      null, or what our servers present (AutoMTLS)
     * @param clientTls      null, or what dials to the peer's servers use
     * @param dialTimeout    how long a dial waits for its offer, and an offer for its dial
     * @param maxMessageSize inbound limit on our servers and on dialed channels
     */
    public Broker(String pluginName, String peer, Map<String, String> env, String network,
                  SslContext serverTls, SslContext clientTls, Duration dialTimeout, int maxMessageSize) {
        this.pluginName = Objects.requireNonNull(pluginName, "pluginName");
        this.peer = Objects.requireNonNull(peer, "peer");
        this.env = Map.copyOf(env);
        if (!ServerListener.UNIX.equals(network) && !ServerListener.TCP.equals(network)) {
            throw new IllegalArgumentException("network must be unix or tcp, not " + network);
        }
        this.network = network;
        this.serverTls = serverTls;
        this.clientTls = clientTls;
        this.dialTimeout = dialTimeout == null ? DEFAULT_DIAL_TIMEOUT : dialTimeout;
        this.maxMessageSize = maxMessageSize;
        this.offers = new OfferIntake(pluginName, peer, this.dialTimeout);
    }

    @Override
    public int nextId() {
        return ids.incrementAndGet();
    }

    @Override
    public BrokerServer acceptAndServe(int id, BindableService... services) {
        if (services == null || services.length == 0) {
            throw new IllegalArgumentException("acceptAndServe needs at least one service");
        }
        for (BindableService service : services) {
            Objects.requireNonNull(service, "acceptAndServe: a service is null");
        }
        StreamLink stream = awaitStream(id);
        ServerListener listener;
        try {
            listener = ServerListener.start(network, env, builder -> {
                for (BindableService service : services) {
                    builder.addService(service);
                }
                if (serverTls != null) {
                    builder.sslContext(serverTls);
                }
                builder.maxInboundMessageSize(maxMessageSize);
            });
        } catch (IOException | RuntimeException e) {
            throw failure("cannot listen for id " + unsigned(id) + ": " + e.getMessage(), e);
        }
        ServedConnection served = new ServedConnection(pluginName, id, listener, this::forget);
        boolean registered;
        synchronized (lock) {
            registered = !closed && servers.add(served);
        }
        if (!registered) {
            served.close();
            throw closedFailure("accept id " + unsigned(id));
        }
        try {
            stream.send(ConnInfo.newBuilder().setServiceId(id)
                    .setNetwork(listener.network()).setAddress(listener.address()).build());
        } catch (RuntimeException e) {
            served.close();
            throw failure("cannot offer id " + unsigned(id) + " to the " + peer + ": " + e.getMessage(), e);
        }
        log.debug("plugin '{}': broker: serving id {} at {} {}", pluginName, unsigned(id),
                listener.network(), listener.address());
        return served;
    }

    @Override
    public ManagedChannel dial(int id) {
        ConnInfo info;
        try {
            info = offers.claim(id, dialTimeout);
        } catch (PendingOffers.ClosedException e) {
            throw closedFailure("dial id " + unsigned(id));
        } catch (PendingOffers.BusyException e) {
            throw failure("another dial for id " + unsigned(id) + " is already waiting", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while waiting for the " + peer + "'s connection for id " + unsigned(id), e);
        }
        if (info == null) {
            throw failure("the " + peer + " offered no connection for id " + unsigned(id)
                    + " within " + format(dialTimeout), null);
        }
        try {
            return ClientChannels.open(info.getNetwork(), info.getAddress(), maxMessageSize, clientTls);
        } catch (RuntimeException e) {
            throw failure("cannot dial the " + peer + "'s connection for id " + unsigned(id) + " at "
                    + info.getNetwork() + " " + info.getAddress() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Host side: opens {@code plugin.GRPCBroker/StartStream} on the plugin's channel and
     * attaches it, as a go-plugin host does right after connecting. Does not wait for the
     * plugin: a plugin without the broker ends the call (UNIMPLEMENTED), which is logged at
     * debug and makes later {@link #acceptAndServe} calls fail.
     *
     * @throws PluginException when closed or already attached to a stream
     */
    public void connect(Channel channel) {
        StreamLink stream = new StreamLink(this, true);
        stream.bind(GRPCBrokerGrpc.newStub(channel).startStream(stream.inbound()));
        Attach result = attach(stream);
        if (result == Attach.ENDED) {
            log.debug("plugin '{}': broker: the broker stream with the {} ended at once: {}", pluginName, peer,
                    stream.endReason());
        } else if (result != Attach.ATTACHED) {
            stream.close();
            throw result == Attach.CLOSED ? closedFailure("connect") : failure("already connected to a broker stream", null);
        }
    }

    /** Ends the stream and stops every server this broker started. Idempotent. */
    @Override
    public void close() {
        List<ServedConnection> toStop;
        StreamLink stream;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            stream = link;
            link = null;
            toStop = new ArrayList<>(servers);
            servers.clear();
            lock.notifyAll();
        }
        offers.close();
        if (stream != null) {
            stream.close();
        }
        ServedConnection.closeAll(toStop);
        log.debug("plugin '{}': broker: closed", pluginName);
    }

    enum Attach { ATTACHED, BUSY, CLOSED, ENDED }

    /** Makes {@code stream} the one offers go out on; one at a time. */
    Attach attach(StreamLink stream) {
        synchronized (lock) {
            if (closed) {
                return Attach.CLOSED;
            }
            if (stream.ended()) { // before it could be attached
                lastEnd = stream.endReason();
                streamGone = stream.caller();
                return Attach.ENDED;
            }
            if (link != null) {
                return Attach.BUSY;
            }
            link = stream;
            lock.notifyAll();
            return Attach.ATTACHED;
        }
    }

    void detach(StreamLink stream, String reason) {
        synchronized (lock) {
            if (link != stream) {
                return;
            }
            link = null;
            lastEnd = reason;
            streamGone = stream.caller();
        }
        log.debug("plugin '{}': broker: the stream with the {} ended: {}", pluginName, peer, reason);
    }

    /** An offer from the peer; runs on the stream's reader thread, so never blocks. */
    void receive(ConnInfo info) {
        offers.receive(info);
    }

    String peer() {
        return peer;
    }

    String pluginName() {
        return pluginName;
    }

    /** Test hooks. */
    int pendingOffers() {
        return offers.held();
    }

    int waitingDials() {
        return offers.waitingDials();
    }

    long offersReceived() {
        return offers.received();
    }

    boolean attached() {
        synchronized (lock) {
            return link != null;
        }
    }

    private StreamLink awaitStream(int id) {
        long deadline = System.nanoTime() + dialTimeout.toNanos();
        synchronized (lock) {
            while (!closed && link == null) {
                long left = deadline - System.nanoTime();
                if (streamGone) {
                    throw failure("cannot offer id " + unsigned(id) + ": the broker stream with the " + peer
                            + " has ended (" + lastEnd + ")", null);
                }
                if (left <= 0) {
                    throw failure("cannot offer id " + unsigned(id) + ": no broker stream with the " + peer
                            + " within " + format(dialTimeout) + (lastEnd == null ? "" : " (the last one ended: "
                            + lastEnd + ")"), null);
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw failure("interrupted while waiting for the broker stream to offer id " + unsigned(id), e);
                }
            }
            if (closed) {
                throw closedFailure("accept id " + unsigned(id));
            }
            return link;
        }
    }

    private void forget(ServedConnection served) {
        synchronized (lock) {
            servers.remove(served);
        }
    }

    private PluginException failure(String what, Throwable cause) {
        return new PluginException(pluginName, "plugin '" + pluginName + "': broker: " + what, cause);
    }

    private PluginException closedFailure(String what) {
        return failure("closed (the connection to the " + peer + " has ended); cannot " + what, null);
    }

    static String unsigned(int id) {
        return Integer.toUnsignedString(id);
    }

    static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
