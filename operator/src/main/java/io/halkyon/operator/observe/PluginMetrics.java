package io.halkyon.operator.observe;

import io.halkyon.plugin.host.PluginCallObserver;
import io.halkyon.plugin.host.PluginCallOutcome;
import io.halkyon.plugin.host.PluginState;
import io.halkyon.plugin.host.PluginStateChange;
import io.halkyon.plugin.host.PluginStateListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The plugins' metrics: call latency by method and outcome, calls in flight, state and restarts,
 * for child-process and remote plugins alike (names, types and tags: docs/admin-guide.md).
 * Meters are made when a plugin or a method is first seen, never per call.
 */
final class PluginMetrics implements PluginCallObserver, PluginStateListener {

    static final String CALLS = "halkyon.plugin.calls";
    static final String IN_FLIGHT = "halkyon.plugin.calls.in.flight";
    static final String STATE = "halkyon.plugin.state";
    static final String RESTARTS = "halkyon.plugin.restarts";

    /** The histogram's buckets: a local call takes about 0.5 ms, the default call timeout is 30 s. */
    static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private static final PluginState[] STATES = PluginState.values();
    private static final PluginCallOutcome[] OUTCOMES = PluginCallOutcome.values();

    private final MeterRegistry registry;
    private final PluginTags tags;
    private final ConcurrentHashMap<String, PluginMeters> plugins = new ConcurrentHashMap<>();

    PluginMetrics(MeterRegistry registry, PluginTags tags) {
        this.registry = registry;
        this.tags = tags;
    }

    @Override
    public Meter meter(String pluginName, String method) {
        PluginMeters plugin = plugin(pluginName);
        return new MethodMeter(plugin, method);
    }

    @Override
    public void stateChanged(PluginStateChange change) {
        PluginMeters plugin = plugin(change.pluginName());
        plugin.state.set(change.to());
        if (change.from() == PluginState.RESTARTING && change.to() == PluginState.STARTING) {
            plugin.restarts.increment();
        }
    }

    /** The meters of one plugin (by tag: plugins sharing {@link PluginTags#OTHER} share them). */
    private PluginMeters plugin(String pluginName) {
        String tag = tags.of(pluginName);
        PluginMeters meters = plugins.get(tag);
        return meters != null ? meters : plugins.computeIfAbsent(tag, t -> new PluginMeters(registry, t));
    }

    /** Gauges read these fields; Micrometer holds gauge state weakly, so this map keeps it. */
    private static final class PluginMeters {
        final String tag;
        final AtomicInteger inFlight = new AtomicInteger();
        /** Null until a state change is heard: every state gauge 0. */
        final AtomicReference<PluginState> state = new AtomicReference<>();
        final Counter restarts;

        PluginMeters(MeterRegistry registry, String tag) {
            this.tag = tag;
            Gauge.builder(IN_FLIGHT, inFlight, AtomicInteger::get).tag("plugin", tag)
                    .description("Calls to the plugin in progress").register(registry);
            for (PluginState s : STATES) {
                Gauge.builder(STATE, state, current -> current.get() == s ? 1 : 0).tag("plugin", tag)
                        .tag("state", s.name().toLowerCase(Locale.ROOT))
                        .description("1 for the plugin's current state, 0 for the others").register(registry);
            }
            this.restarts = Counter.builder(RESTARTS).tag("plugin", tag)
                    .description("Times the plugin's process was started again after it failed").register(registry);
        }
    }

    /** The timers of one method of one plugin, one per outcome, made on the outcome's first call. */
    private final class MethodMeter implements Meter {
        private final PluginMeters plugin;
        private final String method;
        private final Timer[] timers = new Timer[OUTCOMES.length];

        MethodMeter(PluginMeters plugin, String method) {
            this.plugin = plugin;
            this.method = method;
        }

        @Override
        public void started() {
            plugin.inFlight.incrementAndGet();
        }

        @Override
        public void ended(PluginCallOutcome outcome, long nanos) {
            plugin.inFlight.decrementAndGet();
            Timer timer = timers[outcome.ordinal()];
            if (timer == null) { // a race makes the same timer twice: the registry returns the one it has
                timer = Timer.builder(CALLS).tag("plugin", plugin.tag).tag("method", method)
                        .tag("outcome", outcome.tag()).serviceLevelObjectives(BUCKETS)
                        .description("Calls to the plugin, by method and outcome").register(registry);
                timers[outcome.ordinal()] = timer;
            }
            timer.record(nanos, TimeUnit.NANOSECONDS);
        }
    }
}
