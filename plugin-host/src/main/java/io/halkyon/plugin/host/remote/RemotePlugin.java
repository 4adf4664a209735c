package io.halkyon.plugin.host.remote;

import io.grpc.Status;
import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.PluginUnavailableException;
import io.halkyon.plugin.host.PluginConnection;
import io.halkyon.plugin.host.PluginState;
import io.halkyon.plugin.host.internal.CallGate;
import io.halkyon.plugin.host.internal.Connection;
import io.halkyon.plugin.host.internal.GrpcPlugin;
import io.halkyon.plugin.host.remote.internal.Session;
import io.halkyon.plugin.proto.capability.v1.PluginInfo;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One remote plugin: every accepted registration stream under one name, its replicas. The same
 * object while replicas come and go; its {@link #state()} follows {@link PluginState}'s remote
 * model (RUNNING while a replica is connected, DISCONNECTED when none is, STOPPED once forgotten).
 *
 * <p>{@link #connection()} reaches any unary gRPC service the plugin serves: each call goes to
 * the replica with the fewest calls in flight (round robin among equals); the calls in flight on
 * a replica that disconnects fail at once with a retryable
 * {@link io.halkyon.plugin.api.PluginUnavailableException}, and later calls go to the others.
 * With no replica, calls fail fast the same way. Thread-safe.
 */
public final class RemotePlugin {

    private final String name;
    private final RemotePlugins owner;
    private final List<Session> replicas = new CopyOnWriteArrayList<>();
    private final AtomicInteger turn = new AtomicInteger();
    private final Connection connection;
    private volatile PluginState state = PluginState.RUNNING;
    private volatile Status lastEnd;
    private volatile String version = "";
    private volatile RemoteCapability capability;
    /** Under the owner's lock. */
    ScheduledFuture<?> forget;

    RemotePlugin(String name, RemotePlugins owner, RemotePluginServerConfig config) {
        this.name = name;
        this.owner = owner;
        CallGate gate = new CallGate(name, CallGate.Target.of(() -> {
            Session s = pick();
            return s == null ? null : s.channel();
        }, this::unavailableNow), config.callTimeout(), config.maxMessageSize(), config.callObserver());
        this.connection = new Connection(name, () -> 1, gate, new NoBroker(name), this::kill);
    }

    /** The name its replicas registered. */
    public String name() {
        return name;
    }

    /** The version the latest replica registered with. */
    public String version() {
        return version;
    }

    /** RUNNING, DISCONNECTED or STOPPED (see {@link PluginState}). */
    public PluginState state() {
        return state;
    }

    /** Why its last replica went, while DISCONNECTED; empty otherwise. */
    public Optional<Throwable> failure() {
        Status s = lastEnd;
        return state == PluginState.RUNNING || s == null ? Optional.empty()
                : Optional.of(new PluginUnavailableException(name, describe(s), null));
    }

    /** Its connected replicas. */
    public List<RemoteConnection> connections() {
        return replicas.stream().map(s -> new RemoteConnection(s.peer(), s.identity(), s.version(), s.services(),
                s.since(), s.load())).toList();
    }

    public int connectionCount() {
        return replicas.size();
    }

    /**
     * Its connection: the channel reaches any unary service it serves, balanced over its replicas,
     * with the call timeout as deadline unless the caller sets one; it has no broker. Build typed
     * clients over it as over a child process's (a {@link io.halkyon.plugin.host.PluginKind}).
     */
    public PluginConnection connection() {
        return connection;
    }

    /** The Capability plugin, when its replicas serve {@code halkyon.capability.v1.CapabilityPlugin}. */
    public Optional<Plugin> plugin() {
        return Optional.ofNullable(capability);
    }

    /**
     * Disconnects every replica and forgets the plugin (STOPPED, out of the registry). A remote
     * plugin is not the host's to stop: its replicas may register again, as a new plugin.
     */
    public void kill() {
        owner.kill(this);
    }

    @Override
    public String toString() {
        return "RemotePlugin{name=" + name + ", state=" + state + ", connections=" + replicas.size() + '}';
    }

    // --- for RemotePlugins, under its lock ---

    /** Whether its replicas serve the Capability service (known from the first replica). */
    boolean isCapability() {
        return capability != null;
    }

    RemoteCapability capability() {
        return capability;
    }

    List<Session> replicas() {
        return replicas;
    }

    void add(Session session, PluginInfo info) {
        replicas.add(session);
        version = session.version();
        if (info != null) {
            GrpcPlugin described = GrpcPlugin.of(connection, info);
            if (capability == null) {
                capability = new RemoteCapability(this, described);
            } else {
                capability.describedBy(described);
            }
        }
        state = PluginState.RUNNING;
    }

    boolean remove(Session session, Status why) {
        if (!replicas.remove(session)) {
            return false;
        }
        lastEnd = why;
        if (replicas.isEmpty() && state == PluginState.RUNNING) {
            state = PluginState.DISCONNECTED;
        }
        return true;
    }

    void stopped() {
        state = PluginState.STOPPED;
    }

    private Session pick() {
        List<Session> now = List.copyOf(replicas);
        if (now.isEmpty()) {
            return null;
        }
        int start = Math.floorMod(turn.getAndIncrement(), now.size());
        Session best = null;
        for (int i = 0; i < now.size(); i++) {
            Session s = now.get((start + i) % now.size());
            if (best == null || s.load() < best.load()) {
                best = s;
            }
        }
        return best;
    }

    private PluginException unavailableNow() {
        Status s = lastEnd;
        return new PluginUnavailableException(name, state == PluginState.STOPPED
                ? "remote plugin '" + name + "' was disconnected by the host or forgotten; calls resume when a replica "
                        + "registers again"
                : "remote plugin '" + name + "' has no connection" + (s == null ? "" : " (" + describe(s) + ")")
                        + "; calls resume when a replica registers", null);
    }

    private String describe(Status s) {
        return "its last connection ended: " + s.getCode() + (s.getDescription() == null ? "" : ": " + s.getDescription());
    }
}
