package io.halkyon.plugin.proto.internal.broker;

import io.grpc.Server;
import io.halkyon.plugin.grpc.BrokerServer;
import io.halkyon.plugin.proto.internal.net.ServerListener;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A server {@link Broker#acceptAndServe} started: its listener, and how it stops. */
final class ServedConnection implements BrokerServer {

    /** How long in-flight calls may take to finish when servers stop (go-plugin: GracefulStop, unbounded). */
    static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Logger log = LoggerFactory.getLogger(ServedConnection.class);

    private final String pluginName;
    private final int id;
    private final ServerListener listener;
    private final Consumer<ServedConnection> onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    ServedConnection(String pluginName, int id, ServerListener listener, Consumer<ServedConnection> onClose) {
        this.pluginName = pluginName;
        this.id = id;
        this.listener = listener;
        this.onClose = onClose;
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public String network() {
        return listener.network();
    }

    @Override
    public String address() {
        return listener.address();
    }

    @Override
    public void close() {
        closeAll(List.of(this));
    }

    /** Stops the servers together: one grace period for all, then cancels what is left. */
    static void closeAll(Collection<ServedConnection> connections) {
        List<ServedConnection> stopping = new ArrayList<>();
        for (ServedConnection c : connections) {
            if (c.closed.compareAndSet(false, true)) {
                c.listener.server().shutdown();
                stopping.add(c);
            }
        }
        long deadline = System.nanoTime() + GRACE_NANOS;
        boolean interrupted = false;
        for (ServedConnection c : stopping) {
            Server server = c.listener.server();
            try {
                if (!interrupted) {
                    server.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
            if (!server.isTerminated()) {
                server.shutdownNow();
            }
            c.listener.release();
            c.onClose.accept(c);
            log.debug("plugin '{}': broker: stopped serving id {} at {}", c.pluginName, Broker.unsigned(c.id),
                    c.listener.address());
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "BrokerServer[id=" + Broker.unsigned(id) + ", " + network() + " " + address() + "]";
    }
}
