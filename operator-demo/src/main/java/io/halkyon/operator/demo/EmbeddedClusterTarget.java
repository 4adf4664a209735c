package io.halkyon.operator.demo;

import io.halkyon.operator.DurationConverter;
import io.halkyon.operator.HalkyonOperator;
import io.halkyon.operator.OutputFormat;
import io.halkyon.operator.RemoteServer;
import io.halkyon.operator.RunContext;
import io.halkyon.operator.RunTarget;
import io.halkyon.operator.embedded.EmbeddedCluster;
import io.halkyon.plugin.api.Capability;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code run --embedded-cluster}: the operator against an {@link EmbeddedCluster} started in this
 * JVM, with the sample Capabilities applied and what happens printed; with
 * {@code --exit-when-ready}, until every sample is Ready.
 */
public final class EmbeddedClusterTarget implements RunTarget {

    @Option(names = HalkyonOperator.EMBEDDED_CLUSTER_OPTION,
            description = "Run against a Kubernetes API server started inside this JVM (fabric8's mock server in CRUD"
                    + " mode): installs the CRDs, applies the samples and prints what happens. It has no kubelet:"
                    + " see --mark-workloads-ready.")
    private boolean embedded;

    @Option(names = "--samples", paramLabel = "DIR", defaultValue = "examples/capabilities",
            description = "With --embedded-cluster: directory of sample Capability manifests to apply, read as"
                    + " render reads its file. Default: ${DEFAULT-VALUE}.")
    private Path samples;

    @Option(names = "--mark-workloads-ready",
            description = "With --embedded-cluster: mark StatefulSets and Deployments ready (readyReplicas ="
                    + " replicas), standing in for the kubelet the embedded server lacks.")
    private boolean markWorkloadsReady;

    @Option(names = "--exit-when-ready",
            description = "With --embedded-cluster: exit 0 once every sample Capability is Ready (1 after --timeout)."
                    + " Without it, run until Ctrl-C.")
    private boolean exitWhenReady;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2m",
            description = "With --exit-when-ready: how long to wait for Ready. Default: ${DEFAULT-VALUE}.")
    private Duration timeout;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
            description = "With --exit-when-ready: at the end, print the sample Capabilities with their status on"
                    + " stdout, as yaml documents or one json v1 List; the demo's story then goes to stderr.")
    private OutputFormat output;

    private List<Capability> sampleCapabilities;

    @Override
    public Object options() {
        return this;
    }

    @Override
    public boolean selected() {
        return embedded;
    }

    /** Reads the samples before anything starts: a bad file is a usage error of one line naming it. */
    @Override
    public void prepare() {
        if (output != null && (output == OutputFormat.TEXT || !exitWhenReady)) {
            throw new IllegalArgumentException("--output " + output.name().toLowerCase(java.util.Locale.ROOT)
                    + ": the demo prints yaml or json, and only with --exit-when-ready");
        }
        try {
            sampleCapabilities = EmbeddedDemo.readSamples(samples);
        } catch (IOException e) {
            throw new IllegalArgumentException("--samples: " + e.getMessage(), e);
        }
    }

    @Override
    public int run(RunContext run) throws Exception {
        DemoPrinter printer = new DemoPrinter(output == null ? run.out() : run.err());
        run.describePlugins().forEach(line -> printer.event("plugin " + line));
        run.addStateListener(change -> printer.event("plugin '" + change.pluginName() + "' "
                + RunContext.describe(change)));
        if (run.logsLowered()) {
            printer.event("logs (stderr) at WARN; HALKYON_LOG_LEVEL=INFO shows everything");
        }
        try (EmbeddedCluster cluster = EmbeddedDemo.startCluster();
             RemoteServer remoteServer = run.startRemoteServer(cluster.client());
             EmbeddedDemo demo = EmbeddedDemo.start(cluster, remoteServer.source(), run.settings(), markWorkloadsReady,
                     printer)) {
            remoteServer.server().ifPresent(server -> {
                printer.event("remote plugins: listening on " + server.address() + "; the embedded API server"
                        + " allows ServiceAccount " + EmbeddedCluster.DEMO_PLUGIN + " to register any plugin name");
                printer.line("demo token for " + EmbeddedCluster.DEMO_PLUGIN + ": " + cluster.demoPluginToken());
                server.plugins().addStateListener(change -> printer.event("remote plugin '" + change.pluginName()
                        + "' " + RunContext.describe(change)));
            });
            List<Capability> applied = demo.apply(sampleCapabilities);
            if (!exitWhenReady) {
                printer.event("running until Ctrl-C");
                run.awaitShutdown();
                return 0;
            }
            boolean ready = demo.awaitReady(applied, timeout);
            demo.printSummary();
            if (output != null) {
                run.out().print(output.objects(demo.current(applied)));
                run.out().flush();
            }
            if (ready) {
                printer.line("every sample Capability is Ready");
                return 0;
            }
            printer.line("not every sample Capability became Ready within " + DurationConverter.format(timeout)
                    + (markWorkloadsReady ? "" : " (workloads never become ready here without --mark-workloads-ready)"));
            return 1;
        }
    }
}
