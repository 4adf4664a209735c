package io.halkyon.plugin.host.internal;

import io.halkyon.plugin.host.PluginState;
import io.halkyon.plugin.host.PluginStateChange;
import io.halkyon.plugin.host.PluginStateListener;
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
 */
public final class Lifecycle {

    private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);
    private static final Map<PluginState, Set<PluginState>> ALLOWED = Map.of(
            PluginState.STARTING, EnumSet.of(PluginState.RUNNING, PluginState.FAILED),
            PluginState.RUNNING, EnumSet.of(PluginState.STOPPING, PluginState.FAILED),
            PluginState.STOPPING, EnumSet.of(PluginState.STOPPED),
            PluginState.STOPPED, EnumSet.noneOf(PluginState.class),
            PluginState.FAILED, EnumSet.noneOf(PluginState.class));

    private final String pluginName;
    private final List<PluginStateListener> listeners = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<PluginStateChange> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean delivering = new AtomicBoolean();
    private PluginState state = PluginState.STARTING;
    private Throwable failure;

    public Lifecycle(String pluginName) {
        this.pluginName = pluginName;
    }

    public synchronized PluginState state() {
        return state;
    }

    public synchronized Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    public void addListener(PluginStateListener listener) {
        listeners.add(listener);
    }

    /** Moves to {@code to} if that is allowed from the current state; false (and no change) otherwise. */
    public boolean moveTo(PluginState to, Throwable cause) {
        synchronized (this) {
            if (!ALLOWED.get(state).contains(to)) {
                return false;
            }
            PluginStateChange change = new PluginStateChange(pluginName, state, to, to == PluginState.FAILED ? cause : null);
            state = to;
            if (to == PluginState.FAILED) {
                failure = cause;
            }
            pending.add(change);
        }
        deliver();
        return true;
    }

    private void deliver() {
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
}
