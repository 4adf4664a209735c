package io.halkyon.operator.reconcile;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentKey;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers, once per kind and from inside a reconciliation (kinds are known only when plugins
 * declare them), an informer on the objects of that kind the operator wrote (those carrying the
 * {@code halkyon.io/capability} label), so a change to one, such as a StatefulSet becoming
 * ready, reconciles its Capability at once.
 */
final class WatchRegistrar {

    private static final Logger log = LoggerFactory.getLogger(WatchRegistrar.class);

    private final Set<String> registered = ConcurrentHashMap.newKeySet();

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
            retriever.dynamicallyRegisterEventSource(new InformerEventSource<GenericKubernetesResource, Capability>(
                    config, retriever.eventSourceContextForDynamicRegistration()));
            log.info("plugin '{}': watching {} {} (event source {})", pluginName, key.apiVersion(), key.kind(), name);
        } catch (RuntimeException e) {
            registered.remove(name);
            log.warn("plugin '{}': cannot watch {} {}; will try again at the next reconciliation: {}", pluginName,
                    key.apiVersion(), key.kind(), e.toString());
        }
    }

    static String eventSourceName(DependentKey key) {
        return ("watch-" + (key.group().isEmpty() ? "core" : key.group()) + "-" + key.version() + "-" + key.kind())
                .toLowerCase(Locale.ROOT);
    }
}
