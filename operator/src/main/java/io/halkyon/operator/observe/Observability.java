package io.halkyon.operator.observe;

import io.halkyon.operator.reconcile.CapabilityOperator;
import io.halkyon.operator.reconcile.OperatorObserver;
import io.halkyon.plugin.host.PluginCallObserver;
import io.halkyon.plugin.host.PluginStateListener;
import io.halkyon.plugin.host.fetch.FetchResult;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's probes and metrics, on the address of {@code --metrics-address}, or nothing at
 * all ({@link #off()}: no registry, no server, nothing on the call path). Started before the
 * plugins load, so {@code /healthz} answers while HALKYON_PLUGINS is fetched; {@code /readyz}
 * answers 200 once {@link #pluginsLoaded()} and the operator has started ({@link #started}).
 */
public final class Observability implements OperatorObserver, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Observability.class);

    private final PrometheusMeterRegistry registry;
    private final Readiness readiness;
    private final PluginMetrics plugins;
    private final Metrics josdk;
    private final ObserveServer server;

    private Observability(PrometheusMeterRegistry registry, Readiness readiness, ObserveServer server) {
        this.registry = registry;
        this.readiness = readiness;
        this.server = server;
        this.plugins = registry == null ? null : new PluginMetrics(registry, new PluginTags());
        // Without JOSDK's per-resource meters: one series per Capability would grow without bound.
        this.josdk = registry == null ? Metrics.NOOP : MicrometerMetrics.withoutPerResourceMetrics(registry);
    }

    /** No probes, no metrics. */
    public static Observability off() {
        return new Observability(null, new Readiness(), null);
    }

    /**
     * Serves {@code /healthz}, {@code /readyz} and {@code /metrics} on {@code address} (port 0: a
     * free one, see {@link #address()}).
     *
     * @throws UncheckedIOException naming the address when it cannot be bound
     */
    public static Observability start(InetSocketAddress address) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Readiness readiness = new Readiness();
        ObserveServer server;
        try {
            server = ObserveServer.start(address, readiness, registry);
        } catch (IOException e) {
            registry.close();
            throw new UncheckedIOException("cannot serve probes and metrics on " + address.getHostString() + ":"
                    + address.getPort() + " (--metrics-address): " + e.getMessage(), e);
        }
        log.info("probes and metrics on http://{}:{}/healthz, /readyz and /metrics", server.address().getHostString(),
                server.address().getPort());
        return new Observability(registry, readiness, server);
    }

    /** The address served, when on. */
    public Optional<InetSocketAddress> address() {
        return server == null ? Optional.empty() : Optional.of(server.address());
    }

    /** What the plugins' calls are reported to: put on the plugins' configs. */
    public PluginCallObserver callObserver() {
        return plugins == null ? PluginCallObserver.NONE : plugins;
    }

    /** What the plugins' state changes are reported to (local and remote plugins). */
    public PluginStateListener stateListener() {
        return plugins == null ? change -> { } : plugins;
    }

    /** The results of fetching HALKYON_PLUGINS. */
    public void fetched(List<FetchResult> results) {
        if (registry != null) {
            FetchMetrics.record(registry, results);
        }
    }

    /** The plugins directory has been loaded (each plugin RUNNING, FAILED or restarting in the background). */
    public void pluginsLoaded() {
        readiness.pluginsLoaded();
    }

    @Override
    public Metrics metrics() {
        return josdk;
    }

    @Override
    public void started(CapabilityOperator operator) {
        readiness.operatorStarted(operator::notReady);
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        if (registry != null) {
            registry.close();
        }
    }
}
