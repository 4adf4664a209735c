package io.halkyon.operator.reconcile;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentKey;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers, once per kind and from inside a reconciliation (kinds are known only when plugins
 * declare them), an informer on the objects of that kind the operator wrote (those carrying the
 * {@code halkyon.io/capability} label), so a change to one, such as a StatefulSet becoming
 * ready, reconciles its Capability at once.
 *
 * <p>The informers' caches also serve reads ({@link #cached}): an object found there is the one
 * the last event of it carried, and a change to it reconciles its Capability again once the cache
 * holds it. An object not found there (kind not watched yet, informer not running, an object
 * without the label, or not seen yet) must be read from the API server. The caches are the
 * informers' own: keyed on kind, namespace and name, updated by every watch event, dropped with
 * the informer when the operator stops. What the operator itself wrote is handed to the informer
 * ({@link #wrote}): until the watch event of that write arrives (which then replaces it, and
 * reconciles nothing: the Capability's reconciliation made that change), reads get it, and a
 * later event of the object drops it.
 */
final class WatchRegistrar {

    private static final Logger log = LoggerFactory.getLogger(WatchRegistrar.class);

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    /** The running informers by event source name. */
    private final Map<String, InformerEventSource<GenericKubernetesResource, Capability>> sources =
            new ConcurrentHashMap<>();

    /** Watches {@code key}'s kind if it is not watched yet. Never throws: a failed watch is logged and retried later. */
    void ensureWatched(DependentKey key, ScopeResolver.Scope scope, String pluginName, Context<Capability> context) {
        String name = eventSourceName(key);
        if (!registered.add(name)) {
            return;
        }
        try {
            var builder = InformerEventSourceConfiguration
                    .from(new GroupVersionKind(key.group(), key.version(), key.kind()), Capability.class)
                    .withName(name)
                    .withLabelSelector(DependentObjects.CAPABILITY_LABEL)
                    .withSecondaryToPrimaryMapper(new CapabilityMapper());
            // Cluster-scoped objects live in no namespace: watch them cluster-wide.
            var config = (scope == ScopeResolver.Scope.CLUSTER ? builder.withWatchAllNamespaces()
                    : builder.withNamespacesInheritedFromController()).build();
            var retriever = context.eventSourceRetriever();
            var source = retriever.dynamicallyRegisterEventSource(new InformerEventSource<GenericKubernetesResource,
                    Capability>(config, retriever.eventSourceContextForDynamicRegistration()));
            if (source instanceof InformerEventSource<?, ?> informer) {
                @SuppressWarnings("unchecked")
                var typed = (InformerEventSource<GenericKubernetesResource, Capability>) informer;
                sources.put(name, typed);
            }
            log.info("plugin '{}': watching {} {} (event source {})", pluginName, key.apiVersion(), key.kind(), name);
        } catch (RuntimeException e) {
            registered.remove(name);
            log.warn("plugin '{}': cannot watch {} {}; will try again at the next reconciliation: {}", pluginName,
                    key.apiVersion(), key.kind(), e.toString());
        }
    }

    /**
     * The object {@code key} in {@code namespace} (null: cluster-scoped) as the informer of its
     * kind holds it; empty when its kind is not watched, the informer is not running or does not
     * hold it (then read it from the API server). The object is the cache's own: never modify it.
     */
    Optional<GenericKubernetesResource> cached(DependentKey key, String namespace) {
        InformerEventSource<GenericKubernetesResource, Capability> source = sources.get(eventSourceName(key));
        if (source == null || !source.isRunning()) {
            return Optional.empty();
        }
        try {
            return source.get(new ResourceID(key.name(), namespace));
        } catch (RuntimeException e) {
            log.debug("cannot read {} from the cache of {}: {}", key, eventSourceName(key), e.toString());
            return Optional.empty();
        }
    }

    /**
     * Tells the informer of {@code key}'s kind (when watched) that the operator just wrote
     * {@code written} for {@code owner}: created it ({@code previous} null) or updated
     * {@code previous}. The watch event of that very write then reconciles nothing.
     */
    void wrote(Capability owner, DependentKey key, HasMetadata written, HasMetadata previous) {
        InformerEventSource<GenericKubernetesResource, Capability> source = sources.get(eventSourceName(key));
        if (source == null || !source.isRunning()) {
            return;
        }
        try {
            ResourceID primary = ResourceID.fromResource(owner);
            GenericKubernetesResource object = generic(written);
            if (previous == null) {
                source.handleRecentResourceCreate(primary, object);
            } else {
                source.handleRecentResourceUpdate(primary, object, generic(previous));
            }
        } catch (RuntimeException e) {
            // Only an extra reconciliation is lost: its event reconciles the Capability again.
            log.debug("cannot hand {} to the cache of {}: {}", key, eventSourceName(key), e.toString());
        }
    }

    private static GenericKubernetesResource generic(HasMetadata object) {
        return object instanceof GenericKubernetesResource g ? g
                : SERIALIZATION.convertValue(object, GenericKubernetesResource.class);
    }

    static String eventSourceName(DependentKey key) {
        return ("watch-" + (key.group().isEmpty() ? "core" : key.group()) + "-" + key.version() + "-" + key.kind())
                .toLowerCase(Locale.ROOT);
    }
}
