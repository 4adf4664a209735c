package io.halkyon.operator;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster {@code run} works against: from {@code --kubeconfig} (else fabric8's search:
 * {@code KUBECONFIG}, {@code ~/.kube/config}, then the pod's service account) and {@code --context},
 * checked reachable before anything starts. An API server that does not answer within
 * {@link #REACH_TIMEOUT} is one {@link CommandFailure} naming the server and where it came from,
 * instead of the operator retrying, then failing with a long stack trace.
 */
final class ClusterConnection {

    /** How long the first request may take before the cluster is reported unreachable. */
    static final Duration REACH_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(ClusterConnection.class);

    private ClusterConnection() {
    }

    /** A client of the cluster, which answered; the caller closes it. */
    static KubernetesClient open(Path kubeconfig, String context) {
        String wanted = context == null || context.isBlank() ? null : context;
        Config config;
        String source;
        if (kubeconfig != null) {
            if (!Files.isRegularFile(kubeconfig)) {
                throw new CommandFailure("--kubeconfig " + kubeconfig + ": " + (Files.exists(kubeconfig)
                        ? "not a regular file" : "no such file"), null);
            }
            config = Config.fromKubeconfig(wanted, kubeconfig.toFile());
            source = "--kubeconfig " + kubeconfig;
        } else {
            config = Config.autoConfigure(wanted);
            source = config.getFile() != null ? "kubeconfig " + config.getFile()
                    : System.getenv("KUBERNETES_SERVICE_HOST") != null ? "the pod's service account"
                    : "fabric8's defaults (no kubeconfig in " + String.join(", ", Config.getKubeconfigFilenames())
                    + ", not in a pod)";
        }
        String current = config.getCurrentContext() == null ? null : config.getCurrentContext().getName();
        if (wanted != null && !wanted.equals(current)) {
            throw new CommandFailure("--context " + wanted + ": no such context in " + source, null);
        }
        if (current != null) {
            source += ", context " + current;
        }
        checkReachable(config, source);
        log.info("cluster: {} (from {})", config.getMasterUrl(), source);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** One GET /version, without fabric8's retries, bounded by {@link #REACH_TIMEOUT}. */
    private static void checkReachable(Config config, String source) {
        int millis = (int) REACH_TIMEOUT.toMillis();
        Config once = new ConfigBuilder(config).withRequestRetryBackoffLimit(0).withConnectionTimeout(millis)
                .withRequestTimeout(millis).build();
        String server = config.getMasterUrl();
        try (KubernetesClient probe = new KubernetesClientBuilder().withConfig(once).build()) {
            CompletableFuture<Object> version = CompletableFuture.supplyAsync(probe::getKubernetesVersion);
            version.get(REACH_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw unreachable(server, source, "no answer within " + DurationConverter.format(REACH_TIMEOUT), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof KubernetesClientException k && k.getCode() > 0) {
                // It answered: whatever /version says, the operator's own requests will tell.
                log.warn("cluster {} (from {}) answered GET /version with HTTP {}", server, source, k.getCode());
                return;
            }
            throw unreachable(server, source, rootMessage(cause), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(server, source, "interrupted", e);
        }
    }

    private static CommandFailure unreachable(String server, String source, String why, Throwable cause) {
        return new CommandFailure("cannot reach the Kubernetes API server " + server + " (from " + source + "): "
                + why + ".\n  Check that the cluster runs and that --kubeconfig/--context point at it;"
                + " without a cluster, try the demo jar: java -jar halkyon-operator-demo.jar run "
                + HalkyonOperator.EMBEDDED_CLUSTER_OPTION, cause);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message.lines().findFirst()
                .orElse(message);
    }
}
