package io.halkyon.examples.remotepostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.halkyon.operator.crd.CapabilityInfo;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilityStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's demo jar as a process: {@code run --embedded-cluster --mark-workloads-ready}, the
 * samples of one directory, no local plugin, remote plugins accepted over TLS on a loopback port,
 * until stopped. It prints the demo ServiceAccount's token and its API server's address; a client
 * of that API server lets tests create Capabilities and read CapabilityInfos.
 */
final class OperatorRun implements AutoCloseable {

    /** The CapabilityInfo the postgres plugin's type gets. */
    static final String POSTGRES_INFO = "database-postgres";

    private final ProcessRun process;
    private final String token;
    private final KubernetesClient client;

    private OperatorRun(ProcessRun process, String token, KubernetesClient client) {
        this.process = process;
        this.token = token;
        this.client = client;
    }

    /** The demo jar the operator-demo module built; failsafe passes its path. */
    static Path jar() {
        String property = System.getProperty("operator.demo.jar");
        assertThat(property).as("system property operator.demo.jar (set by the failsafe configuration)").isNotBlank();
        Path jar = Path.of(property);
        assertThat(jar).as("the operator's demo jar: build the reactor first (./mvnw -o -q install -DskipTests)")
                .isRegularFile();
        return jar;
    }

    /** Starts it and waits until it runs, listening for remote plugins on {@code 127.0.0.1:port}. */
    static OperatorRun start(Path workDir, Path samples, int port, TestTls tls) throws IOException {
        Path plugins = workDir.resolve("no-plugins");
        Files.createDirectories(plugins);
        ProcessRun process = ProcessRun.startJar("operator", ProcessRun.FAST_START, jar(), List.of("run", "--embedded-cluster",
                "--mark-workloads-ready", "--samples", samples.toString(), "--plugins-dir", plugins.toString(),
                "--state-dir", workDir.resolve("state").toString(), "--remote-plugins-listen", "127.0.0.1:" + port,
                "--remote-plugins-tls-cert", tls.cert().toString(), "--remote-plugins-tls-key", tls.key().toString()),
                // INFO: the operator's stderr says who registered, from where.
                Map.of("HALKYON_LOG_LEVEL", "INFO"));
        try {
            OutputLines out = process.stdout();
            String url = out.awaitLine(0, "embedded Kubernetes API server .* at (http\\S+);").group(1);
            out.awaitLine(0, "remote plugins: listening on 127\\.0\\.0\\.1:" + port + ";");
            String token = out.awaitLine(0, "^demo token for default/demo-plugin: (\\S+)$").group(1);
            out.awaitLine(0, "running until Ctrl-C");
            KubernetesClient client = new KubernetesClientBuilder()
                    .withConfig(new ConfigBuilder(Config.empty()).withMasterUrl(url).build()).build();
            return new OperatorRun(process, token, client);
        } catch (RuntimeException | Error e) {
            try {
                process.close();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            throw new AssertionError("the operator did not start: " + process.describe(), e);
        }
    }

    /** The token its embedded API server accepts, for ServiceAccount default/demo-plugin. */
    String token() {
        return token;
    }

    ProcessRun process() {
        return process;
    }

    /** What it tells the user: plugin state changes, objects written, Capability statuses. */
    OutputLines stdout() {
        return process.stdout();
    }

    /** Its logs. */
    OutputLines stderr() {
        return process.stderr();
    }

    /** Creates {@code capability} in its embedded API server. */
    void create(Capability capability) {
        client.resource(capability).create();
    }

    /** The status reason of Capability {@code default/name}, if it has one. */
    Optional<String> reason(String name) {
        Capability live = client.resources(Capability.class).inNamespace("default").withName(name).get();
        return Optional.ofNullable(live).map(Capability::getStatus).map(CapabilityStatus::getReason);
    }

    /** Waits until Capability {@code default/name} has the status reason {@code reason}. */
    void awaitReason(String name, String reason) {
        await("Capability default/" + name + " " + reason).atMost(OutputLines.WAIT)
                .failFast("the operator exited: " + process.describe(), () -> !process.isAlive())
                .until(() -> reason(name).filter(reason::equals).isPresent());
    }

    /** Waits until CapabilityInfo {@value #POSTGRES_INFO} shows {@code replicas} connected replicas. */
    void awaitReplicas(int replicas) {
        await("CapabilityInfo " + POSTGRES_INFO + " with " + replicas + " connection(s)").atMost(OutputLines.WAIT)
                .failFast("the operator exited: " + process.describe(), () -> !process.isAlive())
                .until(() -> Optional.ofNullable(client.resources(CapabilityInfo.class).withName(POSTGRES_INFO).get())
                        .map(info -> info.getSpec().getConnections()).orElse(-1) == replicas);
    }

    /** The identities CapabilityInfo {@value #POSTGRES_INFO} lists. */
    List<String> identities() {
        return client.resources(CapabilityInfo.class).withName(POSTGRES_INFO).get().getSpec().getIdentities();
    }

    /** SIGTERM; its exit status (-1 if it did not exit within 30 s). */
    int terminate() throws InterruptedException {
        client.close();
        return process.terminate();
    }

    @Override
    public void close() throws InterruptedException {
        client.close();
        process.close();
    }
}
