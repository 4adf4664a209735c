package io.halkyon.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.halkyon.operator.crd.CrdManifests;
import io.halkyon.operator.observe.Observability;
import io.halkyon.operator.reconcile.CapabilityOperator;
import io.halkyon.operator.reconcile.OperatorEvents;
import io.halkyon.operator.reconcile.OperatorObserver;
import io.halkyon.operator.reconcile.OperatorSettings;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.host.ProcessContainment;
import io.halkyon.plugin.host.fetch.PluginFetchConfig;
import io.halkyon.plugin.host.remote.RemotePluginServer;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code run}: the operator. Loads the plugins (after fetching {@code HALKYON_PLUGINS}), then
 * reconciles Capabilities in the cluster of the current kubeconfig or in-cluster configuration,
 * until stopped; or, when the options of a {@link RunTarget} added by another jar select it
 * (the demo jar's {@code --embedded-cluster}), there.
 */
@Command(name = "run",
        description = "Run the operator: reconcile Capability resources through the plugins, in the cluster of the"
                + " current kubeconfig / in-cluster configuration. (The demo jar, halkyon-operator-demo.jar, adds"
                + " --embedded-cluster: an API server inside this JVM, a demo needing no cluster.)",
        footer = {"", "Exit status: 0 when stopped (Ctrl-C) or, with the demo's --exit-when-ready, once every sample"
                + " is Ready; 1 on a failure or a timeout; 2 on a usage error.",
                "", "Examples:",
                "  halkyon-operator run --plugins-dir /plugins --metrics-address :8080",
                "  halkyon-operator run --kubeconfig ~/.kube/config --context kind-kind -n shop,orders",
                "  java -jar halkyon-operator-demo.jar run --embedded-cluster --mark-workloads-ready --exit-when-ready"
                        + " -o yaml"})
final class RunCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @Spec
    private CommandSpec spec;

    @Mixin
    private PluginOptions plugins;

    @Mixin
    private SupervisionOptions supervision;

    @Mixin
    private RemotePluginOptions remote;

    @Mixin
    private FetchOptions fetch;

    @Option(names = "--plugins-poll", paramLabel = "DURATION", defaultValue = "${env:HALKYON_PLUGINS_POLL:-2s}",
            description = "How often the plugins directory is checked for added, removed or replaced files."
                    + " Env: HALKYON_PLUGINS_POLL. Default: ${DEFAULT-VALUE}.")
    private Duration pluginsPoll;

    @Option(names = "--process-containment", arity = "0..1", fallbackValue = "true",
            defaultValue = "${env:HALKYON_PROCESS_CONTAINMENT:-true}",
            description = "Make the operator the child subreaper of its plugins (orphans they leave behind are killed)"
                    + " and record their processes in --state-dir. Turn it off only when the operator runs inside a JVM"
                    + " that starts processes of its own. Env: HALKYON_PROCESS_CONTAINMENT. Default: ${DEFAULT-VALUE}.")
    private boolean processContainment;

    @Option(names = "--state-dir", paramLabel = "DIR",
            defaultValue = "${env:HALKYON_STATE_DIR:-${sys:java.io.tmpdir}/halkyon-${sys:user.name}}",
            description = "Private directory (0700, created if missing) where the operator records its plugins'"
                    + " processes, so that after a crash the next start kills what was left running."
                    + " Env: HALKYON_STATE_DIR. Default: ${DEFAULT-VALUE}.")
    private Path stateDir;

    @Option(names = {"-n", "--namespaces"}, paramLabel = "NS[,NS...]", split = ",",
            defaultValue = "${env:HALKYON_NAMESPACES:-}",
            description = "Namespaces to watch; empty means all. Env: HALKYON_NAMESPACES. Default: all.")
    private List<String> namespaces;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "The kubeconfig file of the cluster. Default: KUBECONFIG, else ~/.kube/config, else the"
                    + " pod's service account.")
    private Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME",
            description = "The kubeconfig context to use. Default: its current context.")
    private String context;

    @Option(names = "--allow-cluster-scoped", defaultValue = "${env:HALKYON_ALLOW_CLUSTER_SCOPED:-false}",
            description = "Let plugins create cluster-scoped objects (refused by default)."
                    + " Env: HALKYON_ALLOW_CLUSTER_SCOPED.")
    private boolean allowClusterScoped;

    @Option(names = "--allow-kind", paramLabel = "NAME", split = ",", defaultValue = "${env:HALKYON_ALLOW_KINDS:-}",
            description = "Let plugins have the operator write a kind of the deny list (the operator's own kinds, CRDs,"
                    + " RBAC, admission, certificates, token and access reviews, APIServices, ServiceAccounts,"
                    + " ServiceAccount token Secrets, Endpoints): group/Kind (core group: core), group/* or"
                    + " core/Secret:TYPE, as the refusal names it. Repeatable. Env: HALKYON_ALLOW_KINDS"
                    + " (comma-separated). Default: none.")
    private List<String> allowKinds;

    @Option(names = "--max-dependents", paramLabel = "N",
            defaultValue = "${env:HALKYON_MAX_DEPENDENTS:-" + OperatorSettings.DEFAULT_MAX_DEPENDENTS + "}",
            description = "Most dependents a plugin may declare for one Capability; more fail the Capability and"
                    + " nothing of it is written. Env: HALKYON_MAX_DEPENDENTS. Default: ${DEFAULT-VALUE}.")
    private int maxDependents;

    @Option(names = "--max-objects-per-plugin", paramLabel = "N",
            defaultValue = "${env:HALKYON_MAX_OBJECTS_PER_PLUGIN:-" + OperatorSettings.DEFAULT_MAX_OBJECTS_PER_PLUGIN
                    + "}",
            description = "Most objects the operator keeps for one plugin across all its Capabilities; a Capability"
                    + " whose new objects would go past it gets none created (retried with backoff)."
                    + " Env: HALKYON_MAX_OBJECTS_PER_PLUGIN. Default: ${DEFAULT-VALUE}.")
    private int maxObjectsPerPlugin;

    @Option(names = "--leader-election", defaultValue = "${env:HALKYON_LEADER_ELECTION:-false}",
            description = "Elect a leader on a Lease so several replicas can run; only the leader reconciles."
                    + " Env: HALKYON_LEADER_ELECTION.")
    private boolean leaderElection;

    @Option(names = StandbyPlugins.OPTION, paramLabel = "start|defer",
            defaultValue = "${env:HALKYON_STANDBY_PLUGINS:-defer}",
            description = "With --leader-election, whether a replica that does not lead starts its plugins before it"
                    + " leads. defer: fetch and check the plugin files at start (then /readyz is ready) and start the"
                    + " plugins on becoming leader, before reconciling (a takeover takes one plugin start longer);"
                    + " start: run them on every replica (a takeover finds them running; every replica holds every"
                    + " plugin's memory). No effect without --leader-election (the plugins start at once)."
                    + " Env: HALKYON_STANDBY_PLUGINS. Default: ${DEFAULT-VALUE}.")
    private StandbyPlugins standbyPlugins;

    @Option(names = "--lease-name", paramLabel = "NAME", defaultValue = "${env:HALKYON_LEASE_NAME:-halkyon-operator}",
            description = "The Lease used for leader election. Env: HALKYON_LEASE_NAME. Default: ${DEFAULT-VALUE}.")
    private String leaseName;

    @Option(names = "--lease-namespace", paramLabel = "NS", defaultValue = "${env:HALKYON_LEASE_NAMESPACE:-}",
            description = "Namespace of the Lease. Env: HALKYON_LEASE_NAMESPACE. Default: the operator's own"
                    + " namespace (in a pod) or the kubeconfig's.")
    private String leaseNamespace;

    @Option(names = "--install-crds", defaultValue = "${env:HALKYON_INSTALL_CRDS:-false}",
            description = "Create or update the Capability and CapabilityInfo CRDs at start (needs the rights to)."
                    + " Env: HALKYON_INSTALL_CRDS.")
    private boolean installCrds;

    @Option(names = "--reconcile-threads", paramLabel = "N",
            description = "Capabilities reconciled at once. Env: HALKYON_RECONCILE_THREADS. Default: ${DEFAULT-VALUE}.")
    private int reconcileThreads;

    @Option(names = "--calls-per-plugin", paramLabel = "N", defaultValue = "${env:HALKYON_CALLS_PER_PLUGIN:-0}",
            description = "Most reconciliations talking to one plugin at once, so a plugin hanging in its calls cannot"
                    + " hold every reconcile thread; 0 means half of --reconcile-threads."
                    + " Env: HALKYON_CALLS_PER_PLUGIN. Default: half of --reconcile-threads.")
    private int callsPerPlugin;

    @Option(names = "--max-object-size", paramLabel = "BYTES",
            defaultValue = "${env:HALKYON_MAX_OBJECT_SIZE:-" + OperatorSettings.DEFAULT_MAX_OBJECT_BYTES + "}",
            description = "Largest object (bytes of JSON) a plugin may have the operator write; a larger one is refused"
                    + " and nothing of its Capability is written. Env: HALKYON_MAX_OBJECT_SIZE."
                    + " Default: ${DEFAULT-VALUE}.")
    private int maxObjectSize;

    @Option(names = "--plugin-retry", paramLabel = "DURATION",
            description = "First delay before reconciling again a Capability whose plugin failed; doubled each time"
                    + " up to --plugin-retry-max. Env: HALKYON_PLUGIN_RETRY. Default: ${DEFAULT-VALUE}.")
    private Duration pluginRetry;

    @Option(names = "--plugin-retry-max", paramLabel = "DURATION",
            description = "Longest delay between retries of a failing plugin. Env: HALKYON_PLUGIN_RETRY_MAX."
                    + " Default: ${DEFAULT-VALUE}.")
    private Duration pluginRetryMax;

    @Option(names = "--metrics-address", paramLabel = "HOST:PORT", defaultValue = "${env:HALKYON_METRICS_ADDRESS:-}",
            description = "Serve /healthz, /readyz and /metrics (Prometheus text) on this address, e.g."
                    + " 0.0.0.0:8080 (port 0: a free one, logged). Env: HALKYON_METRICS_ADDRESS. Default: off"
                    + " (operator/deploy/base/deployment.yaml sets 0.0.0.0:8080).")
    private String metricsAddress;

    /** Where else {@code run} may reconcile: added by another jar (see {@link RunTarget}). */
    private final List<RunTarget> targets = new ArrayList<>();

    /** Adds {@code target}; its options must be added to this command's spec too (see HalkyonOperator). */
    void extend(RunTarget target) {
        targets.add(target);
    }

    @Override
    public Integer call() throws Exception {
        // A bad option is a usage error before anything starts.
        boolean deferPlugins = standbyPlugins.deferred(settings(OperatorObserver.NONE).leaseName().isPresent());
        remote.validate(plugins);
        plugins.template(); // a bad plugin option is a usage error before anything starts
        PluginFetchConfig fetchConfig = fetch.config();
        Optional<RunTarget> target = selectedTarget();
        target.ifPresent(this::prepare);
        PrintWriter out = spec.commandLine().getOut();
        // A target tells its story on stdout: keep stderr to warnings there, unless asked otherwise.
        // Probes and metrics first: /healthz answers while the plugins are fetched and loaded.
        try (Observability observe = observability();
             AutoCloseable containment = contain();
             QuietLogs quiet = target.isPresent() ? QuietLogs.unlessAsked() : QuietLogs.none();
             ShutdownSignal shutdown = new ShutdownSignal();
             LoadedPlugins loaded = LoadedPlugins.load(plugins, supervision, fetch.references(), fetchConfig, pluginsPoll,
                     observe, !deferPlugins)) {
            OperatorSettings observed = settings(observe);
            if (target.isPresent()) {
                return target.get().run(new RunSession(observed, out, spec.commandLine().getErr(), quiet.lowered(), loaded, remote, plugins,
                        shutdown, observe));
            }
            return runInCluster(loaded, deferPlugins, observed, shutdown, observe);
        }
    }

    private Optional<RunTarget> selectedTarget() {
        return targets.stream().filter(RunTarget::selected).findFirst();
    }

    /** What the target reads before anything starts: a problem is a usage error of one line. */
    private void prepare(RunTarget target) {
        try {
            target.prepare();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** Probes and metrics on --metrics-address, or off without it. */
    private Observability observability() {
        if (metricsAddress == null || metricsAddress.isBlank()) {
            return Observability.off();
        }
        try {
            return Observability.start(HostPort.parse("--metrics-address", metricsAddress.trim()));
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private int runInCluster(LoadedPlugins loaded, boolean deferPlugins, OperatorSettings settings,
                             ShutdownSignal shutdown, Observability observe) throws InterruptedException {
        try (KubernetesClient client = ClusterConnection.open(kubeconfig, context)) {
            if (installCrds) {
                CrdManifests.install(client);
                log.info("CRDs installed or updated");
            }
            try (RemoteServer server = RemoteServer.start(remote, client, plugins, loaded, observe)) {
                // A replica that does not lead would never call the plugins connected to it.
                settings.leaseName().ifPresent(lease -> server.server().ifPresent(s -> s.standBy(
                        "this operator replica does not lead (Lease " + lease + "); reconnect to reach the leader")));
                CapabilityOperator operator = CapabilityOperator.start(client, server.source(), settings,
                        OperatorEvents.NONE, () -> {
                            if (deferPlugins) {
                                loaded.startWithin(StandbyPlugins.LEADER_START_WAIT);
                            }
                            server.server().ifPresent(RemotePluginServer::accept);
                        });
                try {
                    shutdown.await();
                    log.info("stopping: operator, then every plugin");
                } finally {
                    operator.close();
                }
            }
        }
        return 0;
    }

    /**
     * The operator owns its JVM: it becomes the subreaper of its plugins and records their
     * processes, after killing what an operator of the same plugins directory left when it died.
     */
    private AutoCloseable contain() {
        if (!processContainment) {
            log.warn("process containment is off (--process-containment=false): plugins that leave their process tree,"
                    + " or outlive an operator killed with SIGKILL, are not killed");
            return () -> { };
        }
        if (!ProcessContainment.supported()) {
            log.warn("process containment is not available on {}: plugins that leave their process tree, or outlive"
                    + " an operator killed with SIGKILL, are not killed", System.getProperty("os.name"));
            return () -> { };
        }
        String key = "plugins-" + HexFormat.of().formatHex(sha256(plugins.pluginsDir().toString())).substring(0, 16);
        try {
            return ProcessContainment.contain(stateDir.toAbsolutePath().normalize(), key);
        } catch (PluginException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage() + " (set it with --state-dir)");
        }
    }

    private static byte[] sha256(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private OperatorSettings settings(OperatorObserver observer) {
        Set<String> watched = new LinkedHashSet<>();
        if (namespaces != null) {
            namespaces.stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(watched::add);
        }
        Set<String> allowed = new LinkedHashSet<>();
        if (allowKinds != null) {
            allowKinds.stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(allowed::add);
        }
        try {
            OperatorSettings.Builder builder = OperatorSettings.builder()
                    .namespaces(watched)
                    .allowClusterScoped(allowClusterScoped)
                    .allowedKinds(allowed)
                    .maxDependents(maxDependents)
                    .maxObjectsPerPlugin(maxObjectsPerPlugin)
                    .reconcileThreads(reconcileThreads)
                    .callsPerPlugin(callsPerPlugin)
                    .maxObjectBytes(maxObjectSize)
                    .pluginRetry(pluginRetry, pluginRetryMax)
                    .observer(observer);
            if (leaderElection && selectedTarget().isEmpty()) {
                builder.leaderElection(leaseName, leaseNamespace == null || leaseNamespace.isBlank() ? null : leaseNamespace);
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
