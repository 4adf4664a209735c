package io.halkyon.operator.reconcile;

import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.host.PluginTrace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One W3C trace per reconciliation: a new traceparent goes with every plugin call made on this
 * thread until {@link #close()} (gRPC metadata {@code traceparent}, where SDK plugins read it),
 * and into the log's MDC under {@code traceparent}, so the operator's and the plugin's lines of
 * one reconciliation can be matched.
 */
final class ReconcileTrace implements AutoCloseable {

    /** The MDC key. */
    static final String MDC_KEY = "traceparent";

    private static final Logger log = LoggerFactory.getLogger(ReconcileTrace.class);

    private final PluginTrace.Scope scope;
    private final String previous;

    private ReconcileTrace(PluginTrace.Scope scope, String previous) {
        this.scope = scope;
        this.previous = previous;
    }

    /** Opens a trace for {@code what} ("reconcile" or "cleanup") of {@code capability}. */
    static ReconcileTrace open(String what, Capability capability) {
        PluginTrace.Scope scope = PluginTrace.open(PluginTrace.newTraceparent());
        String previous = MDC.get(MDC_KEY);
        MDC.put(MDC_KEY, scope.traceparent());
        log.debug("Capability {}/{}: {}, traceparent {}", capability.getMetadata().getNamespace(),
                capability.getMetadata().getName(), what, scope.traceparent());
        return new ReconcileTrace(scope, previous);
    }

    String traceparent() {
        return scope.traceparent();
    }

    @Override
    public void close() {
        if (previous == null) {
            MDC.remove(MDC_KEY);
        } else {
            MDC.put(MDC_KEY, previous);
        }
        scope.close();
    }
}
