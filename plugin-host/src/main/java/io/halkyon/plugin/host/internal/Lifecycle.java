package io.halkyon.plugin.host.internal;

import io.halkyon.plugin.host.PluginState;
import io.halkyon.plugin.host.PluginStateChange;
import io.halkyon.plugin.host.PluginStateListener;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plugin's state machine (transitions as documented on {@link PluginState}) and its
 * listeners. Changes are delivered in order, one at a time, without holding the state lock,
 * so a listener may call back into the client (even kill it) without deadlock.
 *
 * <p>{@link #moveTo} changes and delivers. Callers that decide under a lock of their own use
 * {@link #tryMove} there and {@link #deliver} once they released it.
 */
public final class Lifecycle {

    private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);
    private static final Map<PluginState, Set<PluginState>> CLIENT = transitions(
            PluginState.STARTING, EnumSet.of(PluginState.RUNNING, PluginState.FAILED),
            PluginState.RUNNING, EnumSet.of(PluginState.STOPPING, PluginState.FAILED),
            PluginState.STOPPING, EnumSet.of(PluginState.STOPPED));
    private static final Map<PluginState, Set<PluginState>> SUPERVISED = transitions(
            PluginState.STARTING, EnumSet.of(PluginState.RUNNING, PluginState.RESTARTING, PluginState.FAILED,
                    PluginState.STOPPING),
            PluginState.RUNNING, EnumSet.of(PluginState.UNHEALTHY, PluginState.RESTARTING, PluginState.FAILED,
                    PluginState.STOPPING),
            PluginState.UNHEALTHY, EnumSet.of(PluginState.RESTARTING, PluginState.FAILED, PluginState.STOPPING),
            PluginState.RESTARTING, EnumSet.of(PluginState.STARTING, PluginState.STOPPING),
            PluginState.STOPPING, EnumSet.of(PluginState.STOPPED));

    private final String pluginName;
    private final Map<PluginState, Set<PluginState>> allowed;
    private final List<PluginStateListener> listeners = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<PluginStateChange> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean delivering = new AtomicBoolean();
    /** Written under this object's lock; read without it (calls check it on every RPC). */
    private volatile PluginState state = PluginState.STARTING;
    private Throwable failure;

    private Lifecycle(String pluginName, Map<PluginState, Set<PluginState>> allowed) {
        this.pluginName = pluginName;
        this.allowed = allowed;
    }

    /** The five states of one process. */
    public static Lifecycle forClient(String pluginName) {
        return new Lifecycle(pluginName, CLIENT);
    }

    /** All seven states of a supervised plugin. */
    public static Lifecycle forSupervised(String pluginName) {
        return new Lifecycle(pluginName, SUPERVISED);
    }

    public PluginState state() {
        return state;
    }

    /** The cause of the last change that had one; cleared on RUNNING. */
    public synchronized Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    public void addListener(PluginStateListener listener) {
        listeners.add(listener);
    }

    /** Moves to {@code to} if that is allowed from the current state, and delivers; false (and no change) otherwise. */
    public boolean moveTo(PluginState to, Throwable cause) {
        boolean moved = tryMove(to, cause);
        deliver();
        return moved;
    }

    /** Moves and queues the change without delivering it: call {@link #deliver()} after. */
    public synchronized boolean tryMove(PluginState to, Throwable cause) {
        if (!allowed.getOrDefault(state, Set.of()).contains(to)) {
            return false;
        }
        pending.add(new PluginStateChange(pluginName, state, to, cause));
        state = to;
        if (to == PluginState.RUNNING) {
            failure = null;
        } else if (cause != null) {
            failure = cause;
        }
        return true;
    }

    /** Delivers the queued changes (if another thread is delivering, it delivers them). */
    public void deliver() {
        // Whoever wins the flag delivers everything queued, in order; others just leave theirs.
        while (!pending.isEmpty() && delivering.compareAndSet(false, true)) {
            try {
                PluginStateChange change;
                while ((change = pending.poll()) != null) {
                    log.debug("plugin '{}': {} -> {}", pluginName, change.from(), change.to());
                    for (PluginStateListener listener : listeners) {
                        try {
                            listener.stateChanged(change);
                        } catch (RuntimeException e) {
                            log.warn("plugin '{}': state listener failed on {} -> {}", pluginName, change.from(),
                                    change.to(), e);
                        }
                    }
                }
            } finally {
                delivering.set(false);
            }
        }
    }

    private static Map<PluginState, Set<PluginState>> transitions(Object... pairs) {
        Map<PluginState, Set<PluginState>> map = new EnumMap<>(PluginState.class);
        for (int i = 0; i < pairs.length; i += 2) {
            @SuppressWarnings("unchecked")
            Set<PluginState> targets = (Set<PluginState>) pairs[i + 1];
            map.put((PluginState) pairs[i], Set.copyOf(targets));
        }
        return map;
    }
}
