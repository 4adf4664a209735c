package io.halkyon.operator.demo;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.halkyon.operator.crd.CapabilityInfo;
import io.halkyon.operator.crd.CrdManifests;
import io.halkyon.operator.embedded.EmbeddedCluster;
import io.halkyon.operator.embedded.WorkloadReadyMarker;
import io.halkyon.operator.reconcile.CapabilityOperator;
import io.halkyon.operator.reconcile.OperatorSettings;
import io.halkyon.operator.reconcile.PluginSource;
import io.halkyon.operator.remote.KubernetesAccess;
import io.halkyon.operator.render.CapabilityFiles;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilityCondition;
import io.halkyon.plugin.api.CapabilityStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@code run --embedded-cluster}: the operator against an {@link EmbeddedCluster}, with the
 * sample Capabilities applied and everything it does printed through a {@link DemoPrinter}; the
 * summary lists the Capabilities and the Events written on them.
 */
public final class EmbeddedDemo implements AutoCloseable {

    private static final String DEFAULT_NAMESPACE = "default";

    private final EmbeddedCluster cluster;
    private final CapabilityOperator operator;
    private final WorkloadReadyMarker marker;
    private final DemoPrinter printer;

    private EmbeddedDemo(EmbeddedCluster cluster, CapabilityOperator operator, WorkloadReadyMarker marker,
                         DemoPrinter printer) {
        this.cluster = cluster;
        this.operator = operator;
        this.marker = marker;
        this.printer = printer;
    }

    /**
     * An {@link EmbeddedCluster} with the operator's CRDs installed, whose demo ServiceAccount may
     * register any remote plugin (what {@link KubernetesAccess} asks about).
     */
    public static EmbeddedCluster startCluster() {
        return EmbeddedCluster.start(CrdManifests::install, new EmbeddedCluster.Permission(KubernetesAccess.VERB,
                KubernetesAccess.GROUP, KubernetesAccess.RESOURCE));
    }

    /** Starts the operator on {@code cluster} (which the caller closes, after this demo). */
    public static EmbeddedDemo start(EmbeddedCluster cluster, PluginSource plugins, OperatorSettings settings,
                                     boolean markWorkloadsReady, DemoPrinter printer) {
        printer.event("embedded Kubernetes API server (fabric8 mock, CRUD mode, in this JVM) at " + cluster.url()
                + "; CRDs installed: capabilities.halkyon.io, capabilityinfos.halkyon.io");
        printer.event("note: the embedded server has no kubelet, so no pod ever runs and workloads never become"
                + " ready by themselves; " + (markWorkloadsReady
                ? "--mark-workloads-ready marks StatefulSets and Deployments ready in their place."
                : "add --mark-workloads-ready to mark them ready and let Capabilities reach Ready."));
        CapabilityOperator operator = null;
        WorkloadReadyMarker marker = null;
        try {
            operator = CapabilityOperator.start(cluster.client(), plugins, settings, printer);
            if (markWorkloadsReady) {
                marker = new WorkloadReadyMarker(cluster.client(), printer::markedReady);
            }
            return new EmbeddedDemo(cluster, operator, marker, printer);
        } catch (RuntimeException e) {
            if (operator != null) {
                operator.close();
            }
            throw e;
        }
    }

    public KubernetesClient client() {
        return cluster.client();
    }

    /** The embedded API server (its demo ServiceAccount's token, for remote plugins). */
    public EmbeddedCluster cluster() {
        return cluster;
    }

    /**
     * The Capabilities of the YAML and JSON files in {@code samples}, read as {@link CapabilityFiles}
     * reads them (names the API server would refuse are refused), before anything starts.
     *
     * @throws IOException one line naming the directory, or the file and what is wrong with it
     */
    public static List<Capability> readSamples(Path samples) throws IOException {
        if (!Files.isDirectory(samples)) {
            throw new IOException("samples directory " + samples.toAbsolutePath() + " does not exist (set it with --samples)");
        }
        List<Capability> capabilities = CapabilityFiles.readDirectory(samples);
        if (capabilities.isEmpty()) {
            throw new IOException("no Capability found in " + samples.toAbsolutePath());
        }
        return capabilities;
    }

    /** Creates {@code samples} (see {@link #readSamples}); those without namespace go to {@code default}. */
    public List<Capability> apply(List<Capability> samples) {
        List<Capability> applied = new ArrayList<>();
        for (Capability capability : samples) {
            if (capability.getMetadata().getNamespace() == null) {
                capability.getMetadata().setNamespace(DEFAULT_NAMESPACE);
            }
            applied.add(client().resource(capability).create());
            var spec = capability.getSpec();
            printer.event("applied Capability " + DemoPrinter.name(capability) + " (" + spec.getCategory() + "/"
                    + spec.getType() + (spec.getVersion() == null || spec.getVersion().isBlank() ? "" : " " + spec.getVersion())
                    + ")");
        }
        return applied;
    }

    /** {@code capabilities} as the API server holds them now, with their status; those deleted meanwhile left out. */
    public List<Capability> current(List<Capability> capabilities) {
        return capabilities.stream().map(c -> client().resources(Capability.class)
                .inNamespace(c.getMetadata().getNamespace()).withName(c.getMetadata().getName()).get())
                .filter(java.util.Objects::nonNull).toList();
    }

    /** Waits until every one of {@code capabilities} is Ready; false after {@code timeout}. */
    public boolean awaitReady(List<Capability> capabilities, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (capabilities.stream().allMatch(c -> CapabilityStatus.READY.equals(reason(c)))) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** Prints every Capability with its Ready condition, the Events on each, and every CapabilityInfo. */
    public void printSummary() {
        printer.line("");
        printer.line("Capabilities:");
        for (Capability c : client().resources(Capability.class).inAnyNamespace().list().getItems()) {
            CapabilityCondition ready = c.getStatus() == null ? null : c.getStatus().ready().orElse(null);
            printer.line(String.format("  %-28s %-10s %-10s %-4s Ready=%-7s %-18s %s", DemoPrinter.name(c),
                    c.getSpec().getCategory(), c.getSpec().getType(), Objects.toString(c.getSpec().getVersion(), ""),
                    ready == null ? "" : ready.getStatus(), ready == null ? "" : ready.getReason(),
                    ready == null ? "" : Objects.toString(ready.getMessage(), "")));
        }
        printEvents();
        printer.line("CapabilityInfos (what the loaded plugins offer):");
        for (CapabilityInfo info : client().resources(CapabilityInfo.class).list().getItems()) {
            printer.line(String.format("  %-28s versions %s (plugin '%s')", info.getMetadata().getName(),
                    info.getSpec().getVersions().isEmpty() ? "any" : String.join(", ", info.getSpec().getVersions()),
                    info.getSpec().getPlugin()));
        }
    }

    /**
     * The Events written on each Capability, oldest first, as their reasons on one line (repeats
     * counted): {@code kubectl describe capability} shows them with their messages.
     */
    private void printEvents() {
        operator.flushEvents(Duration.ofSeconds(5));
        Map<String, List<String>> reasons = new TreeMap<>();
        client().v1().events().inAnyNamespace().list().getItems().stream()
                .filter(e -> "Capability".equals(e.getInvolvedObject().getKind()))
                // Named <capability>.<hexadecimal time> (KubernetesEvents): the suffix orders them in time.
                .sorted(Comparator.comparing((Event e) -> e.getMetadata().getName()
                        .substring(e.getMetadata().getName().lastIndexOf('.') + 1)))
                .forEach(e -> reasons.computeIfAbsent(e.getInvolvedObject().getNamespace() + "/"
                        + e.getInvolvedObject().getName(), k -> new ArrayList<>()).add(e.getReason()));
        printer.line("Events on Capabilities (kubectl describe capability shows them with their messages):");
        reasons.forEach((capability, list) -> printer.line(String.format("  %-28s %s", capability, counted(list))));
    }

    /** {@code [A, A, B]} as {@code A x2, B}. */
    private static String counted(List<String> reasons) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < reasons.size(); ) {
            int j = i;
            while (j < reasons.size() && reasons.get(j).equals(reasons.get(i))) {
                j++;
            }
            out.add(reasons.get(i) + (j - i > 1 ? " x" + (j - i) : ""));
            i = j;
        }
        return String.join(", ", out);
    }

    private String reason(Capability capability) {
        Capability live = client().resources(Capability.class).inNamespace(capability.getMetadata().getNamespace())
                .withName(capability.getMetadata().getName()).get();
        return live == null || live.getStatus() == null ? null : live.getStatus().getReason();
    }

    /** Stops the marker, the operator and the API server (not the plugins: the caller owns them). */
    @Override
    public void close() {
        if (marker != null) {
            marker.close();
        }
        operator.close();
    }
}
