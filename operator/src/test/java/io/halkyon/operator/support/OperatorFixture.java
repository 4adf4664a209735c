package io.halkyon.operator.support;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.halkyon.operator.embedded.EmbeddedCluster;
import io.halkyon.operator.embedded.WorkloadReadyMarker;
import io.halkyon.operator.reconcile.CapabilityOperator;
import io.halkyon.operator.reconcile.ManagedPluginSource;
import io.halkyon.operator.reconcile.OperatorEvents;
import io.halkyon.operator.reconcile.OperatorSettings;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilitySpec;
import io.halkyon.plugin.api.CapabilityStatus;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.Parameter;
import io.halkyon.plugin.host.PluginClientConfig;
import io.halkyon.plugin.host.PluginManager;
import io.halkyon.plugin.host.RestartPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One operator as the tests run it: the embedded API server (fabric8 mock, CRUD mode, generated
 * CRDs installed), a PluginManager watching a plugins directory (polled every 100 ms, crashed
 * plugins restarted after 300 ms), and the operator on both. Records every status written and
 * every object the operator created, and counts reconciliations. {@link #close()} stops everything, plugins included.
 */
public final class OperatorFixture implements AutoCloseable {

    /** Generous for JVM starts on 2 shared cores. */
    public static final Duration WAIT = Duration.ofSeconds(60);

    private final EmbeddedCluster cluster;
    private final PluginManager manager;
    private final CapabilityOperator operator;
    private final AtomicInteger reconciliations;
    private final List<String> statusHistory = new CopyOnWriteArrayList<>();
    /** The last status the operator told of, per namespace/name: it has queued its Events by then. */
    private final Map<String, CapabilityStatus> told = new ConcurrentHashMap<>();
    private final List<String> created = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> extras = new ArrayList<>();

    private OperatorFixture(EmbeddedCluster cluster, PluginManager manager, CapabilityOperator operator,
                            AtomicInteger reconciliations) {
        this.cluster = cluster;
        this.manager = manager;
        this.operator = operator;
        this.reconciliations = reconciliations;
    }

    /** Starts with the plugins of {@code pluginsDir} loaded (waits for them) and watched. */
    public static OperatorFixture start(Path pluginsDir, OperatorSettings settings) {
        return start(pluginsDir, settings, UnaryOperator.identity());
    }

    /**
     * As {@link #start(Path, OperatorSettings)}, with the plugins' settings changed by
     * {@code plugins} (a shorter call timeout, a smaller message limit...).
     */
    public static OperatorFixture start(Path pluginsDir, OperatorSettings settings,
                                        UnaryOperator<PluginClientConfig.Builder> plugins) {
        return start(pluginsDir, settings, plugins, UnaryOperator.identity());
    }

    /**
     * As {@link #start(Path, OperatorSettings, UnaryOperator)}, with the restart policy changed by
     * {@code restarts} (by default: 300 ms doubling to 2 s, reset after 1 min, the host's crash
     * loop detection).
     */
    public static OperatorFixture start(Path pluginsDir, OperatorSettings settings,
                                        UnaryOperator<PluginClientConfig.Builder> plugins,
                                        UnaryOperator<RestartPolicy.Builder> restarts) {
        EmbeddedCluster cluster = TestCluster.start();
        PluginClientConfig template = plugins.apply(PluginClientConfig.builder()
                        .startTimeout(Duration.ofSeconds(30))
                        .callTimeout(Duration.ofSeconds(10))
                        .shutdownGrace(Duration.ofSeconds(2))
                        .terminateGrace(Duration.ofSeconds(2)))
                .build();
        PluginManager manager = PluginManager.builder(template)
                .restartPolicy(restarts.apply(RestartPolicy.builder()
                        .initialBackoff(Duration.ofMillis(300))
                        .maxBackoff(Duration.ofSeconds(2))
                        .resetAfter(Duration.ofMinutes(1))).build())
                .build();
        try {
            manager.watch(pluginsDir, Duration.ofMillis(100));
            AtomicInteger reconciliations = new AtomicInteger();
            OperatorFixture[] self = new OperatorFixture[1];
            OperatorEvents events = new OperatorEvents() {
                @Override
                public void reconciled(Capability owner) {
                    reconciliations.incrementAndGet();
                }

                @Override
                public void created(Capability owner, HasMetadata object) {
                    self[0].created.add(owner.getMetadata().getNamespace() + "/" + owner.getMetadata().getName() + " "
                            + DependentKey.of(object));
                }

                @Override
                public void statusChanged(Capability owner, CapabilityStatus status) {
                    String id = owner.getMetadata().getNamespace() + "/" + owner.getMetadata().getName();
                    self[0].statusHistory.add(id + " " + status.getReason() + ": " + status.getMessage());
                    self[0].told.put(id, status);
                }
            };
            CapabilityOperator operator = CapabilityOperator.start(cluster.client(), new ManagedPluginSource(manager),
                    settings, events);
            self[0] = new OperatorFixture(cluster, manager, operator, reconciliations);
            return self[0];
        } catch (RuntimeException e) {
            manager.close();
            cluster.close();
            throw e;
        }
    }

    /** Settings for tests: plugin failures retried after 200 ms, up to 2 s. */
    public static OperatorSettings.Builder settings() {
        return OperatorSettings.builder().pluginRetry(Duration.ofMillis(200), Duration.ofSeconds(2));
    }

    public KubernetesClient client() {
        return cluster.client();
    }

    public PluginManager plugins() {
        return manager;
    }

    /** How many reconciliations finished. */
    public int reconciliations() {
        return reconciliations.get();
    }

    /** Every status written, as {@code ns/name Reason: message}, in order. */
    public List<String> statusHistory() {
        return List.copyOf(statusHistory);
    }

    /** Every object the operator created, as {@code ns/capability apiVersion/kind/name}, in order. */
    public List<String> created() {
        return List.copyOf(created);
    }

    /** The objects the operator created for Capability {@code namespace/name}, as {@code apiVersion/kind/name}. */
    public List<String> createdFor(String namespace, String name) {
        String prefix = namespace + "/" + name + " ";
        return created.stream().filter(c -> c.startsWith(prefix)).map(c -> c.substring(prefix.length())).toList();
    }

    /** Marks StatefulSets and Deployments ready as the kubelet would, until close. */
    public void markWorkloadsReady() {
        extras.add(new WorkloadReadyMarker(client(), w -> {
        }));
    }

    /** Calls {@code onChange} for every add/update of objects of {@code type}, until close. */
    public <T extends HasMetadata> void watch(Class<T> type, Consumer<T> onChange) {
        SharedIndexInformer<T> informer = client().resources(type).inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                onChange.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                onChange.accept(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            }
        });
        extras.add(informer::close);
    }

    /** A Capability of {@code category/type} in {@code version} (may be null) with name=value parameters. */
    public static Capability capability(String namespace, String name, String category, String type, String version,
                                        String... parameters) {
        List<Parameter> params = new ArrayList<>();
        for (String p : parameters) {
            int eq = p.indexOf('=');
            params.add(new Parameter(p.substring(0, eq), p.substring(eq + 1)));
        }
        return Capability.of(name, namespace, new CapabilitySpec(category, type, version, params));
    }

    public Capability create(Capability capability) {
        return client().resource(capability).create();
    }

    public Capability get(String namespace, String name) {
        return client().resources(Capability.class).inNamespace(namespace).withName(name).get();
    }

    /** Waits until the Capability's status reason is one of {@code reasons}; returns it then. */
    public Capability awaitReason(String namespace, String name, String... reasons) {
        return awaitStatus(namespace, name, (status, c) -> Arrays.asList(reasons).contains(status.getReason()));
    }

    /**
     * Waits until the Capability's status, as the API server holds it and as the operator told
     * of it after writing it (by then its Events are queued, its history recorded), is {@code wanted}.
     */
    private Capability awaitStatus(String namespace, String name, BiPredicate<CapabilityStatus, Capability> wanted) {
        String id = namespace + "/" + name;
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> get(namespace, name), c -> c != null && c.getStatus() != null
                        && wanted.test(c.getStatus(), c) && told.containsKey(id) && wanted.test(told.get(id), c));
    }

    /**
     * Waits until the Capability's Ready condition has {@code status} for its current generation,
     * as {@code kubectl wait --for=condition=Ready=STATUS} does; returns it then.
     */
    public Capability awaitReady(String namespace, String name, String status) {
        return awaitStatus(namespace, name, (s, c) -> s.ready().filter(r -> status.equals(r.getStatus())
                && Objects.equals(r.getObservedGeneration(), c.getMetadata().getGeneration())).isPresent());
    }

    /**
     * The Events written on Capability {@code namespace/name} so far (those still queued
     * written first), oldest first, as {@code Type Reason: message}.
     */
    public List<String> events(String namespace, String name) {
        operator.flushEvents(WAIT);
        return client().v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> "Capability".equals(e.getInvolvedObject().getKind())
                        && name.equals(e.getInvolvedObject().getName()))
                // Named <capability>.<hexadecimal time>: the suffix orders them in time.
                .sorted(Comparator.comparing(e -> e.getMetadata().getName()
                        .substring(e.getMetadata().getName().lastIndexOf('.') + 1)))
                .map(e -> e.getType() + " " + e.getReason() + ": " + e.getMessage())
                .toList();
    }

    @Override
    public void close() {
        for (AutoCloseable extra : extras) {
            try {
                extra.close();
            } catch (Exception e) {
                // closing the rest matters more
            }
        }
        try {
            operator.close();
        } finally {
            try {
                manager.close();
            } finally {
                cluster.close();
            }
        }
    }
}
