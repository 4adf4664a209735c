package io.halkyon.plugin.host.internal;

import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plugin the host did not launch (go-plugin's reattach): started by hand, in a debugger or in
 * this JVM. Its handshake is given; its stdout and stderr are not ours. With a pid it can be
 * signalled (SIGTERM, then SIGKILL, to that process only: its children are not ours to know)
 * and its exit noticed; without one only the Shutdown RPC can stop it.
 */
public final class AttachedProcess implements PluginProcess {

    private static final Logger log = LoggerFactory.getLogger(AttachedProcess.class);

    private final String name;
    private final Handshake handshake;
    private final Optional<ProcessHandle> process;
    private final CompletableFuture<Integer> exit;

    public AttachedProcess(String name, Handshake handshake, OptionalLong pid) {
        this.name = name;
        this.handshake = handshake;
        this.process = pid.isPresent() ? ProcessHandle.of(pid.getAsLong()) : Optional.empty();
        if (pid.isPresent() && process.isEmpty()) {
            throw new io.halkyon.plugin.api.PluginException(name, "plugin '" + name + "': cannot reattach: no process "
                    + pid.getAsLong() + " is running");
        }
        this.exit = process.map(p -> p.onExit().thenApply(h -> -1)).orElseGet(CompletableFuture::new);
    }

    @Override
    public java.nio.file.Path socketDirectory() {
        return null;
    }

    @Override
    public OptionalLong pid() {
        return process.map(p -> OptionalLong.of(p.pid())).orElse(OptionalLong.empty());
    }

    @Override
    public CompletableFuture<Integer> onExit() {
        return exit;
    }

    @Override
    public Handshake awaitHandshake(long deadlineNanos) {
        return handshake;
    }

    @Override
    public List<String> recentStderr() {
        return List.of();
    }

    @Override
    public String describeRecentStderr() {
        return " (not known: the plugin was attached, its stderr is not the host's)";
    }

    @Override
    public void awaitStderr(Duration timeout) {
    }

    @Override
    public void stop(ManagedChannel channel, Duration shutdownGrace, Duration terminateGrace) {
        if (channel != null && !shutdownGrace.isZero()) {
            Stopper.shutdownRpc(name, channel, shutdownGrace);
        }
        if (process.isEmpty()) {
            log.info("plugin '{}': attached without a pid: sent Shutdown, cannot signal it further", name);
            return;
        }
        ProcessHandle p = process.get();
        if (waitExit(shutdownGrace)) {
            return;
        }
        log.info("plugin '{}': still running after Shutdown, sending SIGTERM to pid {}", name, p.pid());
        p.destroy();
        if (!waitExit(terminateGrace)) {
            log.warn("plugin '{}': still running after SIGTERM, sending SIGKILL to pid {}", name, p.pid());
            p.destroyForcibly();
            waitExit(Duration.ofSeconds(2));
        }
    }

    private boolean waitExit(Duration timeout) {
        try {
            exit.get(Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return !process.get().isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
    }

    @Override
    public void release(Handshake ignored) {
        // Its socket and files belong to whoever started it.
    }
}
