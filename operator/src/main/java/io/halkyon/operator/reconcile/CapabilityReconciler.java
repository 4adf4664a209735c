package io.halkyon.operator.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilityStatus;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.host.PluginState;
import io.halkyon.plugin.host.Resolution;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a {@link Capability} through the plugin that serves it
 * ({@link io.halkyon.plugin.host.PluginRegistry#resolve}): plans its dependents against the
 * cluster ({@link Planner}), applies the plan all or nothing (see {@link DependentApplier}), and
 * writes the status (only when it changed). No plugin, an invalid Capability, a refused object or
 * more dependents than {@link OperatorSettings#maxDependents} give a Failed status. On deletion, the
 * owned objects are deleted (see {@link OwnedObjectsCleaner}).
 *
 * <p>Plugin failures, for the plugin's Capabilities only:
 * <ul>
 *   <li>a plugin restarting (UNHEALTHY, RESTARTING), unavailable, or a call past its deadline:
 *       Failed with the host's message, marked temporary, reconciled again with backoff
 *       ({@link OperatorSettings#pluginRetryDelay}) and at once when the plugin is back RUNNING
 *       (a registry change, see {@link RegistryEventSource}). Failed rather than Pending: nothing
 *       progresses until the plugin answers, and the message says why and that it is retried;</li>
 *   <li>a plugin that gave up (FAILED: crash loop, restarts disabled): Failed with its cause, not
 *       retried; reconciled again when its file changes and the new plugin is loaded;</li>
 *   <li>a bad answer (invalid object...): Failed naming the plugin and the problem, retried with
 *       backoff;</li>
 *   <li>objects to create that would take the plugin past
 *       {@link OperatorSettings#maxObjectsPerPlugin}: Failed, nothing created, retried with
 *       backoff (its other Capabilities may free room);</li>
 *   <li>a plugin slow or hanging in its calls holds at most {@link OperatorSettings#callsPerPlugin}
 *       reconcile threads ({@link PluginCallLimiter}); its other Capabilities wait their turn
 *       without holding one, and are reconciled again as soon as a slot is free.</li>
 * </ul>
 */
@ControllerConfiguration(name = CapabilityReconciler.NAME)
public final class CapabilityReconciler implements Reconciler<Capability>, Cleaner<Capability> {

    /** The controller's name. */
    public static final String NAME = "capability";
    private static final Logger log = LoggerFactory.getLogger(CapabilityReconciler.class);
    /** Ends the message of a retryable plugin failure (unavailable, restarting, a call timed out). */
    static final String TEMPORARY = " (temporary: retried with backoff, and at once when the plugin is back)";

    private final PluginSource plugins;
    private final OperatorSettings settings;
    private final OperatorEvents events;
    private final StatusBuilder statuses;
    private final WatchRegistrar watches = new WatchRegistrar();
    private final PluginCallLimiter limiter;
    private final PluginSlotEventSource slots = new PluginSlotEventSource();
    private final PluginObjectCounts objectCounts;
    /** Consecutive plugin failures per Capability, with the last message; cleared by an outcome without one. */
    private final Map<ResourceID, PluginFailure> pluginFailures = new ConcurrentHashMap<>();
    private volatile Planner planner;
    private volatile DependentApplier applier;
    private volatile OwnedObjectsCleaner cleaner;

    public CapabilityReconciler(PluginSource plugins, OperatorSettings settings, OperatorEvents events) {
        this(plugins, settings, events, Clock.systemUTC());
    }

    CapabilityReconciler(PluginSource plugins, OperatorSettings settings, OperatorEvents events, Clock clock) {
        this.plugins = plugins;
        this.settings = settings;
        this.events = events;
        this.statuses = new StatusBuilder(clock);
        this.limiter = new PluginCallLimiter(settings.callsPerPlugin());
        this.objectCounts = new PluginObjectCounts(settings.maxObjectsPerPlugin());
    }

    @Override
    public List<EventSource<?, Capability>> prepareEventSources(EventSourceContext<Capability> context) {
        KubernetesClient client = context.getClient();
        this.planner = new Planner(new ScopeResolver(client), settings);
        this.applier = new DependentApplier(client, events, objectCounts, watches);
        this.cleaner = new OwnedObjectsCleaner(client, events, settings.maxDependents());
        return List.of(new RegistryEventSource(plugins, context.getPrimaryCache()), slots);
    }

    @Override
    public UpdateControl<Capability> reconcile(Capability capability, Context<Capability> context) {
        // One trace per reconciliation: its traceparent goes with every plugin call, and in the MDC.
        try (ReconcileTrace trace = ReconcileTrace.open("reconcile", capability)) {
            return reconcileInTrace(capability, context);
        }
    }

    private UpdateControl<Capability> reconcileInTrace(Capability capability, Context<Capability> context) {
        long started = System.nanoTime();
        ResourceID id = ResourceID.fromResource(capability);
        Resolution resolution = plugins.registry().resolve(capability.getSpec());
        String pluginName = resolution.found() ? resolution.plugin().name() : null;
        if (pluginName != null && !limiter.tryEnter(pluginName, id)) {
            // Its plugin is slow or hanging: do not wait for it on another reconcile thread. The
            // reconciliation that frees a slot wakes it; the delay is a fallback.
            Duration delay = settings.pluginRetryInitial();
            log.debug("Capability {}: plugin '{}' already has {} reconciliations in progress (limit {}); trying again"
                    + " when one ends, at the latest in {} ms", id, pluginName, limiter.inUse(pluginName),
                    limiter.limit(), delay.toMillis());
            return UpdateControl.<Capability>noUpdate().rescheduleAfter(delay);
        }
        Outcome outcome;
        try {
            outcome = evaluate(capability, context, resolution, pluginFailures.get(id));
        } finally {
            if (pluginName != null) {
                limiter.exit(pluginName).ifPresent(slots::wake);
            }
        }
        writeStatus(capability, context, statuses.next(capability, outcome, pluginName));
        UpdateControl<Capability> control = UpdateControl.noUpdate();
        if (outcome.pluginFailure()) {
            PluginFailure failure = pluginFailures.merge(id, new PluginFailure(1, outcome.message()),
                    (before, now) -> new PluginFailure(before.attempts() + 1, now.message()));
            Duration delay = settings.pluginRetryDelay(failure.attempts());
            log.info("Capability {}: plugin failed (attempt {}), reconciling again in {} ms", id, failure.attempts(),
                    delay.toMillis());
            control.rescheduleAfter(delay);
        } else if (CapabilityStatus.FAILED.equals(outcome.reason()) && pluginFailures.containsKey(id)) {
            // Its plugin is gone or gave up after failing: the registry change that brings one back
            // reconciles again; keep the failure so the message keeps saying what happened.
            log.debug("Capability {}: waiting for its plugin to be back", id);
        } else {
            pluginFailures.remove(id);
        }
        events.reconciled(capability, Duration.ofNanos(System.nanoTime() - started));
        return control;
    }

    /**
     * Writes {@code next} (when not null) by replacing the status subresource (PUT, optimistic
     * locking, retried on conflict) and caches the result for the next reconciliation. Not JOSDK's
     * patchStatus: that sends a JSON Patch computed against the client's model, which holds an
     * empty status where the server has none; and not a merge patch: the embedded CRUD server
     * appends to lists on merge instead of replacing them.
     */
    private void writeStatus(Capability capability, Context<Capability> context, CapabilityStatus next) {
        if (next == null) {
            return;
        }
        CapabilityStatus before = capability.getStatus();
        PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(capability, context, c -> {
            c.setStatus(next);
            return c;
        });
        events.statusChanged(capability, before, next);
    }

    /**
     * An unexpected error (the API server refused a write...): Failed with the error's message,
     * and JOSDK retries with its backoff.
     */
    @Override
    public ErrorStatusUpdateControl<Capability> updateErrorStatus(Capability capability, Context<Capability> context,
                                                                  Exception e) {
        try {
            CapabilityStatus status = capability.getStatus();
            writeStatus(capability, context, statuses.next(capability, Outcome.failed(ReadyReason.RECONCILE_ERROR,
                    "the operator could not apply the Capability: " + e.getMessage()),
                    status == null ? null : status.getPlugin()));
        } catch (RuntimeException writeFailure) {
            log.warn("Capability {}/{}: cannot write the error status: {}", capability.getMetadata().getNamespace(),
                    capability.getMetadata().getName(), writeFailure.toString());
        }
        return ErrorStatusUpdateControl.noStatusUpdate();
    }

    private Outcome evaluate(Capability capability, Context<Capability> context, Resolution resolution,
                             PluginFailure lastFailure) {
        if (!resolution.found()) {
            return Outcome.failed(ReadyReason.PLUGIN_NOT_FOUND, lastFailure == null ? resolution.failure()
                    : lastFailure.message() + "; " + resolution.failure() + " (waiting for the plugin to be relaunched)");
        }
        Plugin plugin = resolution.plugin();
        try {
            Planner.Declared declared = planner.declare(capability, plugin);
            if (declared.failure() != null) {
                return Outcome.failed(declared.reason(), declared.failure());
            }
            List<DependentResource> dependents = declared.dependents();
            ObjectValidator validator = planner.validator();
            for (DependentResource dependent : dependents) {
                if (dependent.config().watched()) {
                    ScopeResolver.Scope scope = validator.scopes().scopeOf(dependent.key().apiVersion(),
                            dependent.key().kind());
                    if (validator.problemWithDependent(plugin.name(), dependent.key(), dependent.config(), scope)
                            .isEmpty()) {
                        watches.ensureWatched(dependent.key(), scope, plugin.name(), context);
                    }
                }
            }
            Plan plan = planner.plan(capability, plugin, dependents, applier.live());
            DependentApplier.Applied applied = applier.apply(capability, plugin, plan);
            if (applied.overLimit() != null) {
                return Outcome.pluginFailed(ReadyReason.OBJECT_LIMIT_REACHED,
                        applied.overLimit() + " (tried again with backoff)");
            }
            return applied.blocked() ? Outcome.blocked(plugin.name(), applied.conditions())
                    : Outcome.of(plugin.name(), applied.conditions());
        } catch (PluginException e) {
            log.warn("Capability {}/{}: plugin '{}' failed: {}", capability.getMetadata().getNamespace(),
                    capability.getMetadata().getName(), e.pluginName(), e.getMessage());
            String message = Planner.failureOf(e);
            if (plugins.registry().stateOf(plugin).orElse(null) == PluginState.FAILED) {
                // It gave up (crash loop...): no retry; reconciled again when its file changes.
                return Outcome.failed(ReadyReason.PLUGIN_FAILED, message);
            }
            return e.isRetryable() ? Outcome.pluginFailed(ReadyReason.PLUGIN_UNAVAILABLE, message + TEMPORARY)
                    : Outcome.pluginFailed(ReadyReason.PLUGIN_FAILED, message);
        }
    }

    private record PluginFailure(int attempts, String message) {
    }

    @Override
    public DeleteControl cleanup(Capability capability, Context<Capability> context) {
        pluginFailures.remove(ResourceID.fromResource(capability));
        limiter.forget(ResourceID.fromResource(capability));
        objectCounts.forget(DependentApplier.key(capability));
        try (ReconcileTrace trace = ReconcileTrace.open("cleanup", capability)) {
            cleaner.clean(capability, plugins.registry(), applier.writtenKinds());
        }
        return DeleteControl.defaultDelete();
    }
}
