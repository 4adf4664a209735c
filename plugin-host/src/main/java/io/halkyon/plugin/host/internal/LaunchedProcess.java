package io.halkyon.plugin.host.internal;

import io.grpc.ManagedChannel;
import io.halkyon.plugin.host.PluginClientConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A plugin process the host launched: its process tree, its stdout (handshake) and its stderr
 * (logs), both read by the host's one {@link OutputPump} thread; the JDK's reaper thread that
 * waits for the process is the only thread of its own.
 */
public final class LaunchedProcess implements PluginProcess {

    private static final int STDERR_LINES_KEPT = 20;

    private final String name;
    private final Duration startTimeout;
    private final ProcessTree tree;
    private final Path privateCopy;
    private final RecentLines recentStderr = new RecentLines(STDERR_LINES_KEPT, 2000);
    private final StderrForwarder stderr;
    private final StdoutReader stdout;
    private final CompletableFuture<Integer> exit;

    /**
     * @param privateCopy the verified copy that runs (see {@link VerifiedExecutable}), removed
     *                    once the process is gone; null when the file runs in place
     */
    public LaunchedProcess(PluginClientConfig config, ProcessTree tree, Path privateCopy) {
        this.name = config.name();
        this.startTimeout = config.startTimeout();
        this.tree = tree;
        this.privateCopy = privateCopy;
        CompletableFuture<Process> exited = tree.process().onExit();
        this.exit = exited.thenApply(Process::exitValue);
        this.stderr = new StderrForwarder(name, tree.process().getErrorStream(), exited, recentStderr,
                config.stderrLinesPerSecond()).start();
        this.stdout = new StdoutReader(name, tree.process().getInputStream(), exited, config.protocolVersions(),
                config.stderrLinesPerSecond()).start();
    }

    @Override
    public Path socketDirectory() {
        return tree.socketParent();
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.of(tree.process().pid());
    }

    @Override
    public CompletableFuture<Integer> onExit() {
        return exit;
    }

    @Override
    public Handshake awaitHandshake(long deadlineNanos) {
        return new HandshakeWait(name, startTimeout, stdout, stderr, recentStderr, exit).await(deadlineNanos);
    }

    /** The first lines without the handshake's shape it printed on stdout before its handshake line. */
    public List<String> strayLines() {
        return stdout.strayLines();
    }

    @Override
    public List<String> recentStderr() {
        return recentStderr.snapshot();
    }

    @Override
    public String describeRecentStderr() {
        return recentStderr.describe();
    }

    @Override
    public void awaitStderr(Duration timeout) {
        stderr.awaitEof(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop(ManagedChannel channel, Duration shutdownGrace, Duration terminateGrace) {
        Stopper.stop(name, tree, channel, shutdownGrace, terminateGrace);
    }

    @Override
    public void release(Handshake handshake) {
        stderr.awaitEof(1, TimeUnit.SECONDS);
        stderr.stop();
        stdout.stop();
        try {
            tree.process().getOutputStream().close(); // the plugin's stdin: its end tells it we are done
        } catch (java.io.IOException e) {
            // already closed
        }
        if (!tree.process().isAlive()) {
            if (handshake != null) {
                SocketCleanup.removeLeftover(name, handshake, tree.socketParent());
            }
            tree.removeSocketParent();
            VerifiedExecutable.remove(privateCopy);
            tree.forget();
        }
    }
}
