package io.halkyon.operator.verify;

import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.host.PluginClientConfig;
import io.halkyon.plugin.host.internal.Handshake;
import io.halkyon.plugin.host.internal.LaunchedProcess;
import io.halkyon.plugin.host.internal.Launcher;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One plugin process started by the host's own launcher (same environment, confinement, process
 * group and socket directory as the operator's), for rules that look at what a client would hide:
 * the exit status, stray lines, the raw handshake. Closing kills its whole process tree and
 * removes what it left, as the host does.
 */
final class Launch implements AutoCloseable {

    private final PluginClientConfig config;
    private final LaunchedProcess process;
    private Handshake handshake;

    private Launch(PluginClientConfig config, LaunchedProcess process) {
        this.config = config;
        this.process = process;
    }

    /** @param clientCertPem the host certificate for {@code PLUGIN_CLIENT_CERT} (AutoMTLS), or null */
    static Launch start(PluginClientConfig config, String clientCertPem) {
        return new Launch(config, Launcher.launch(config, clientCertPem));
    }

    PluginClientConfig config() {
        return config;
    }

    LaunchedProcess process() {
        return process;
    }

    long pid() {
        return process.pid().getAsLong();
    }

    /**
     * The handshake line, validated as the host validates it, within the start timeout.
     *
     * @throws PluginException what the host would say: invalid line, exited first, timeout
     */
    Handshake awaitHandshake() {
        handshake = process.awaitHandshake(System.nanoTime() + config.startTimeout().toNanos());
        return handshake;
    }

    /** Its exit status, when it exits within {@code bound}. */
    Optional<Integer> awaitExit(Duration bound) {
        return await(process.onExit(), bound);
    }

    List<String> strayLines() {
        return process.strayLines();
    }

    /** The last stderr lines, for a failure's detail. */
    String lastStderr() {
        return process.describeRecentStderr();
    }

    static <T> Optional<T> await(CompletableFuture<T> future, Duration bound) {
        try {
            return Optional.of(future.get(bound.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException | ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        process.stop(null, Duration.ZERO, config.terminateGrace());
        process.release(handshake);
    }
}
