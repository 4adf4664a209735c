package io.halkyon.plugin.host.remote;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.PluginUnavailableException;
import io.halkyon.plugin.host.PluginRegistry;
import io.halkyon.plugin.host.PluginState;
import io.halkyon.plugin.host.PluginStateChange;
import io.halkyon.plugin.host.PluginStateListener;
import io.halkyon.plugin.host.internal.CallGate;
import io.halkyon.plugin.host.internal.Connection;
import io.halkyon.plugin.host.internal.GrpcPlugin;
import io.halkyon.plugin.host.remote.internal.Admission;
import io.halkyon.plugin.host.remote.internal.Session;
import io.halkyon.plugin.host.internal.Notifier;
import io.halkyon.plugin.proto.capability.v1.CapabilityPluginGrpc;
import io.halkyon.plugin.proto.capability.v1.PluginInfo;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The remote plugins of a {@link RemotePluginServer}, by name: the reference framework's registry
 * ({@code Get(name)}, {@code List()}), where connections under one name are replicas instead of
 * overwriting each other. Those that serve the Capability service form a {@link #registry()},
 * announced to registry listeners on every change that matters to callers (a plugin registered,
 * a replica connected or gone, its types or version changed, forgotten), so an operator merges
 * it with its local plugins' ({@link PluginRegistry#merge}).
 *
 * <p>A replica of a Capability plugin that reports another category than the connected ones, or
 * a replica serving the Capability service beside replicas that do not (or the reverse), is
 * refused with {@code FAILED_PRECONDITION}. A plugin with no replica left stays listed,
 * DISCONNECTED, for the server's {@code forgetAfter}, then is forgotten (STOPPED).
 */
public final class RemotePlugins {

    private static final Logger log = LoggerFactory.getLogger(RemotePlugins.class);
    private static final String CAPABILITY_SERVICE = CapabilityPluginGrpc.SERVICE_NAME;

    private final RemotePluginServerConfig config;
    private final ScheduledExecutorService timers;
    private final Map<String, RemotePlugin> byName = new LinkedHashMap<>();
    private final Notifier<PluginRegistry> registryListeners = new Notifier<>("remote-plugins-registry");
    private final Notifier<PluginStateChange> stateListeners = new Notifier<>("remote-plugins-state");
    private volatile PluginRegistry registry = PluginRegistry.empty();
    private List<String> announced = List.of();
    private boolean closed;
    private volatile String refusing;

    RemotePlugins(RemotePluginServerConfig config, ScheduledExecutorService timers) {
        this.config = config;
        this.timers = timers;
    }

    /** The plugin registered under {@code name}, connected or not (yet) forgotten. */
    public synchronized Optional<RemotePlugin> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Every plugin listed, in the order they first registered. */
    public synchronized List<RemotePlugin> list() {
        return List.copyOf(byName.values());
    }

    /**
     * The Capability plugins among them, keyed {@code remote plugin 'NAME'}, in the order they first
     * registered, each RUNNING or DISCONNECTED.
     */
    public PluginRegistry registry() {
        return registry;
    }

    /** Calls {@code listener} with the new registry after every change; on a thread of its own, in order. */
    public void addRegistryListener(Consumer<PluginRegistry> listener) {
        registryListeners.add(listener);
    }

    public void removeRegistryListener(Consumer<PluginRegistry> listener) {
        registryListeners.remove(listener);
    }

    /** Tells {@code listener} of every state change of every remote plugin from now on. */
    public void addStateListener(PluginStateListener listener) {
        stateListeners.add(listener::stateChanged);
    }

    /** New registrations are refused with {@code UNAVAILABLE} and this reason (null: accepted again). */
    void refuse(String reason) {
        this.refusing = reason;
    }

    Admission admission() {
        return new Admission() {
            @Override
            public void admit(Session session) {
                String reason = refusing;
                if (reason != null) {
                    throw Status.UNAVAILABLE.withDescription(reason).asRuntimeException();
                }
                RemotePlugins.this.admit(session, probe(session));
            }

            @Override
            public void removed(Session session, Status why) {
                RemotePlugins.this.removed(session, why);
            }
        };
    }

    void kill(RemotePlugin plugin) {
        List<Session> sessions;
        synchronized (this) {
            if (byName.get(plugin.name()) != plugin) {
                return;
            }
            sessions = forget(plugin, "killed: disconnected by the host");
        }
        sessions.forEach(s -> s.close(Status.CANCELLED.withDescription("disconnected by the host")));
    }

    /** Every plugin STOPPED, every stream ended with UNAVAILABLE, listeners told and released. */
    void close() {
        List<Session> sessions = new ArrayList<>();
        synchronized (this) {
            closed = true;
            for (RemotePlugin p : List.copyOf(byName.values())) {
                sessions.addAll(forget(p, "the server is closing"));
            }
        }
        sessions.forEach(s -> s.close(Status.UNAVAILABLE.withDescription("the operator is stopping; reconnect later")));
        registryListeners.shutdown();
        stateListeners.shutdown();
    }

    /** GetInfo of a new replica, when it serves (or may serve) the Capability service; null when not. */
    private PluginInfo probe(Session session) {
        boolean declared = session.services().contains(CAPABILITY_SERVICE);
        if (!declared && !session.services().isEmpty()) {
            return null;
        }
        Channel own = session.channel();
        CallGate gate = new CallGate(session.name(), CallGate.Target.of(() -> own,
                () -> new PluginUnavailableException(session.name(), session + " is gone", null)),
                config.callTimeout(), config.maxMessageSize());
        try {
            return GrpcPlugin.info(new Connection(session.name(), () -> 1, gate, new NoBroker(session.name()),
                    () -> session.close(Status.CANCELLED)));
        } catch (PluginException e) {
            if (!declared) {
                log.info("{}: not a Capability plugin (it lists no services, and GetInfo failed: {})", session,
                        e.getMessage());
                return null;
            }
            Status status = e.getCause() instanceof StatusRuntimeException ? Status.FAILED_PRECONDITION
                    : Status.INVALID_ARGUMENT;
            throw status.withDescription(e.getMessage()).asRuntimeException();
        }
    }

    private void admit(Session session, PluginInfo info) {
        PluginStateChange change = null;
        synchronized (this) {
            if (closed) {
                throw Status.UNAVAILABLE.withDescription("the operator is stopping").asRuntimeException();
            }
            RemotePlugin plugin = byName.get(session.name());
            if (plugin != null && plugin.connectionCount() > 0) {
                refuseMismatch(plugin, session, info);
            }
            PluginState before = plugin == null ? PluginState.STARTING : plugin.state();
            if (plugin == null) {
                plugin = new RemotePlugin(session.name(), this, config);
                byName.put(session.name(), plugin);
            }
            if (plugin.forget != null) {
                plugin.forget.cancel(false);
                plugin.forget = null;
            }
            plugin.add(session, info);
            if (before != PluginState.RUNNING) {
                change = new PluginStateChange(plugin.name(), before, PluginState.RUNNING, null);
            }
            republish();
        }
        announce(change);
    }

    private void refuseMismatch(RemotePlugin plugin, Session session, PluginInfo info) {
        String problem = null;
        if (plugin.isCapability() != (info != null)) {
            problem = plugin.isCapability() ? "its connected replicas serve the Capability service, this one does not"
                    : "this one serves the Capability service, its connected replicas do not";
        } else if (info != null && !plugin.capability().category().equalsIgnoreCase(info.getCategory())) {
            problem = "its connected replicas serve category '" + plugin.capability().category() + "', this one '"
                    + info.getCategory() + "'";
        }
        if (problem != null) {
            throw Status.FAILED_PRECONDITION.withDescription("remote plugin '" + plugin.name() + "' has "
                    + plugin.connectionCount() + " connected replica(s) and " + problem + "; replicas must serve the "
                    + "same thing").asRuntimeException();
        }
    }

    private void removed(Session session, Status why) {
        PluginStateChange change = null;
        synchronized (this) {
            RemotePlugin plugin = byName.get(session.name());
            if (plugin == null || !plugin.remove(session, why)) {
                return;
            }
            if (plugin.state() == PluginState.DISCONNECTED) {
                change = new PluginStateChange(plugin.name(), PluginState.RUNNING, PluginState.DISCONNECTED,
                        plugin.failure().orElse(null));
                plugin.forget = timers.schedule(() -> forgetIdle(plugin), config.forgetAfter().toNanos(),
                        TimeUnit.NANOSECONDS);
            }
            republish();
        }
        announce(change);
    }

    private void forgetIdle(RemotePlugin plugin) {
        synchronized (this) {
            if (byName.get(plugin.name()) == plugin && plugin.connectionCount() == 0) {
                forget(plugin, "no replica for " + config.forgetAfter());
            }
        }
    }

    // Under the lock: out of the map and the registry, STOPPED; returns its sessions to close.
    private List<Session> forget(RemotePlugin plugin, String why) {
        byName.remove(plugin.name());
        if (plugin.forget != null) {
            plugin.forget.cancel(false);
        }
        PluginState before = plugin.state();
        plugin.stopped();
        log.info("remote plugin '{}' forgotten: {}", plugin.name(), why);
        stateListeners.publish(new PluginStateChange(plugin.name(), before, PluginState.STOPPED, null));
        republish();
        return List.copyOf(plugin.replicas());
    }

    // Under the lock.
    private void republish() {
        Map<String, Plugin> bySource = new LinkedHashMap<>();
        Map<Plugin, PluginState> states = new IdentityHashMap<>();
        List<String> now = new ArrayList<>();
        for (RemotePlugin p : byName.values()) {
            RemoteCapability c = p.capability();
            if (c != null) {
                bySource.put("remote plugin '" + p.name() + "'", c);
                states.put(c, p.state());
                now.add(p.name() + ' ' + p.state() + ' ' + p.version() + ' ' + c.category() + ' ' + c.types() + ' '
                        + p.connections().stream().map(r -> r.identity().username()).sorted().toList());
            }
        }
        registry = PluginRegistry.of(bySource, states);
        if (!now.equals(announced)) {
            announced = now;
            registryListeners.publish(registry);
        }
    }

    private void announce(PluginStateChange change) {
        if (change != null) {
            stateListeners.publish(change);
        }
    }
}
