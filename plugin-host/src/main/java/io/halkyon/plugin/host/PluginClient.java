package io.halkyon.plugin.host;

import io.grpc.ManagedChannel;
import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.PluginHandshakeException;
import io.halkyon.plugin.api.PluginTimeoutException;
import io.halkyon.plugin.api.PluginUnavailableException;
import io.halkyon.plugin.host.internal.Channels;
import io.halkyon.plugin.host.internal.Durations;
import io.halkyon.plugin.host.internal.GrpcPlugin;
import io.halkyon.plugin.host.internal.Handshake;
import io.halkyon.plugin.host.internal.HandshakeWait;
import io.halkyon.plugin.host.internal.HealthCheck;
import io.halkyon.plugin.host.internal.Launcher;
import io.halkyon.plugin.host.internal.Lifecycle;
import io.halkyon.plugin.host.internal.LiveClients;
import io.halkyon.plugin.host.internal.PluginCalls;
import io.halkyon.plugin.host.internal.ProcessTree;
import io.halkyon.plugin.host.internal.RecentLines;
import io.halkyon.plugin.host.internal.SocketCleanup;
import io.halkyon.plugin.host.internal.StderrForwarder;
import io.halkyon.plugin.host.internal.StdoutReader;
import io.halkyon.plugin.host.internal.Stopper;
import io.halkyon.plugin.host.internal.Threads;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One plugin process: launched, handshaken, connected and supervised.
 *
 * <p>{@link #start} launches the configured command in its own process group with go-plugin's
 * handshake environment, reads the handshake line from stdout within the start timeout
 * (stray lines before it are logged and skipped), dials the printed address, checks that
 * health service {@code plugin} is SERVING and calls GetInfo. Its stderr is forwarded to
 * SLF4J under the logger {@code plugin.<name>}.
 *
 * <p>States: STARTING, RUNNING, then STOPPING and STOPPED on {@link #kill()}, or FAILED (see
 * {@link PluginState}); a client is one process and is never restarted (a {@link PluginManager}
 * supervises and restarts plugins). An unexpected exit moves the client to
 * {@link PluginState#FAILED} with a cause carrying the exit status and the last stderr lines;
 * listeners are told. {@link #kill()} stops the whole process tree within shutdownGrace +
 * terminateGrace + a few seconds. A JVM shutdown hook kills every client still running.
 * Thread-safe.
 */
public final class PluginClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PluginClient.class);
    private static final int STDERR_LINES_KEPT = 20;
    /** Its last words may still be in the pipe, behind a reader thread starved on a busy host. */
    private static final long STDERR_EOF_WAIT_SECONDS = 3;
    private static final long KILL_MARGIN_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final PluginClientConfig config;
    private final String name;
    private final Lifecycle lifecycle;
    private final ProcessTree tree;
    private final RecentLines recentStderr = new RecentLines(STDERR_LINES_KEPT, 2000);
    private final StderrForwarder stderr;
    private final StdoutReader stdout;
    private final CompletableFuture<Integer> exit;
    private final Runnable killer = this::kill;
    private final AtomicBoolean killStarted = new AtomicBoolean();
    private final CompletableFuture<Void> killed = new CompletableFuture<>();
    private volatile Handshake handshake;
    private volatile ManagedChannel channel;
    private volatile GrpcPlugin plugin;

    private PluginClient(PluginClientConfig config, ProcessTree tree, PluginStateListener listener) {
        this.config = config;
        this.name = config.name();
        this.tree = tree;
        this.lifecycle = Lifecycle.forClient(name);
        if (listener != null) {
            lifecycle.addListener(listener);
        }
        LiveClients.add(killer);
        this.stderr = new StderrForwarder(name, tree.process().getErrorStream(), recentStderr,
                config.stderrLinesPerSecond()).start();
        this.stdout = new StdoutReader(name, tree.process().getInputStream(), config.protocolVersions()).start();
        this.exit = tree.process().onExit().thenApply(Process::exitValue);
        exit.thenAcceptAsync(this::exited, Threads.background());
    }

    /**
     * Launches the plugin and waits until it can take calls: handshake, connection, health
     * check and GetInfo, all within {@link PluginClientConfig#startTimeout()}.
     *
     * @throws PluginHandshakeException when the plugin exits first or prints an invalid handshake
     *                                  (the message quotes it, with the exit status and last stderr lines)
     * @throws PluginTimeoutException   when the start timeout passes
     * @throws PluginException          for any other start failure (cannot launch, not SERVING, bad GetInfo)
     *                                  <p>On any failure the process tree is killed before this throws.
     */
    public static PluginClient start(PluginClientConfig config) {
        return start(config, null);
    }

    /** As {@link #start(PluginClientConfig)}, with a listener that sees every change from STARTING on. */
    public static PluginClient start(PluginClientConfig config, PluginStateListener listener) {
        return start(config, listener, null);
    }

    /** As above; {@code launched} gets the client as soon as its process exists (so it can be killed while starting). */
    static PluginClient start(PluginClientConfig config, PluginStateListener listener, Consumer<PluginClient> launched) {
        Objects.requireNonNull(config, "config");
        long begin = System.nanoTime();
        PluginClient client = new PluginClient(config, Launcher.launch(config), listener);
        try {
            if (launched != null) {
                launched.accept(client);
            }
            client.connect(begin + config.startTimeout().toNanos());
        } catch (RuntimeException | Error e) {
            PluginException failure = e instanceof PluginException pe ? pe
                    : new PluginException(client.name, "plugin '" + client.name + "' failed to start: " + e, e);
            client.kill();
            client.lifecycle.moveTo(PluginState.FAILED, failure);
            log.warn("plugin '{}': start failed: {}", client.name, failure.getMessage());
            throw failure;
        }
        log.info("plugin '{}' running: pid {}, protocol {}, {} {}, {} {} types {}, started in {} ms", client.name,
                client.pid(), client.protocolVersion(), client.network(), client.address(), client.plugin.category(),
                client.plugin.version(), client.plugin.types(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
        return client;
    }

    /** The plugin proxy; GetInfo answers are cached, every other method is a remote call. */
    public Plugin plugin() {
        return plugin;
    }

    /** The configured name (used in logs, errors and the logger {@code plugin.<name>}). */
    public String name() {
        return name;
    }

    public PluginClientConfig config() {
        return config;
    }

    /** The plugin's process id. */
    public long pid() {
        return tree.process().pid();
    }

    /** The negotiated app protocol version. */
    public int protocolVersion() {
        return handshake.appVersion();
    }

    /** {@code unix} or {@code tcp}, as the plugin printed it. */
    public String network() {
        return handshake.network();
    }

    /** The socket path or {@code host:port} the plugin printed. */
    public String address() {
        return handshake.address();
    }

    public PluginState state() {
        return lifecycle.state();
    }

    /** Why the plugin failed, when {@link #state()} is {@link PluginState#FAILED}. */
    public Optional<Throwable> failure() {
        return lifecycle.failure();
    }

    /**
     * Asks the plugin's health service whether service {@code plugin} is SERVING, within
     * {@code timeout}.
     *
     * @throws PluginException when it is not SERVING, cannot be reached, or does not answer in time
     */
    public void checkHealth(Duration timeout) {
        try {
            checkHealthAsync(timeout).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof PluginException pe ? pe
                    : new PluginException(name, "plugin '" + name + "': health check failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException(name, "plugin '" + name + "': interrupted during a health check", e);
        }
    }

    /** The health check without blocking: completes when SERVING, else with a {@link PluginException}. */
    CompletableFuture<Void> checkHealthAsync(Duration timeout) {
        PluginException down = notRunning();
        if (down != null) {
            return CompletableFuture.failedFuture(down);
        }
        return HealthCheck.checkAsync(name, channel, timeout);
    }

    /** Adds a listener for the changes from now on. */
    public void addListener(PluginStateListener listener) {
        lifecycle.addListener(Objects.requireNonNull(listener, "listener"));
    }

    /** Completes with the process's exit status when it exits (for any reason). */
    public CompletableFuture<Integer> onExit() {
        return exit.copy();
    }

    /** The last lines the plugin wrote on stderr (rendered {@code [LEVEL] message}), oldest first. */
    public List<String> recentStderr() {
        return recentStderr.snapshot();
    }

    /**
     * Stops the plugin: Shutdown RPC, wait shutdownGrace, SIGTERM to its process tree, wait
     * terminateGrace, SIGKILL. Idempotent and thread-safe: concurrent callers wait for the
     * first one (bounded). Never hangs. Closes the channel and stops the reader threads.
     */
    public void kill() {
        kill(true);
    }

    /** As {@link #kill()} without the Shutdown RPC: SIGTERM, terminateGrace, SIGKILL (for a plugin that stopped answering). */
    void abort() {
        kill(false);
    }

    private void kill(boolean graceful) {
        if (killStarted.compareAndSet(false, true)) {
            try {
                doKill(graceful);
            } finally {
                killed.complete(null);
            }
            return;
        }
        long bound = config.shutdownGrace().toNanos() + config.terminateGrace().toNanos() + KILL_MARGIN_NANOS;
        try {
            killed.get(bound, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("plugin '{}': another kill() did not finish within {}", name, Durations.format(Duration.ofNanos(bound)));
        }
    }

    /** Same as {@link #kill()}. */
    @Override
    public void close() {
        kill();
    }

    @Override
    public String toString() {
        return "PluginClient{name=" + name + ", pid=" + pid() + ", state=" + state() + '}';
    }

    private void doKill(boolean graceful) {
        boolean running = lifecycle.moveTo(PluginState.STOPPING, null);
        if (running) {
            log.info("plugin '{}': stopping{}", name, graceful ? "" : " (no Shutdown RPC: it stopped answering)");
        }
        try {
            Stopper.stop(name, tree, running ? channel : null, graceful ? config.shutdownGrace() : Duration.ZERO,
                    config.terminateGrace());
        } finally {
            Channels.close(channel);
            stderr.awaitEof(1, TimeUnit.SECONDS);
            stderr.stop();
            stdout.stop();
            LiveClients.remove(killer);
            if (handshake != null && !tree.process().isAlive()) {
                SocketCleanup.removeLeftover(name, handshake);
            }
            tree.removeSocketParent();
            if (running) {
                lifecycle.moveTo(PluginState.STOPPED, null);
                log.info("plugin '{}': stopped", name);
            }
        }
    }

    private void exited(int status) {
        if (lifecycle.state() != PluginState.RUNNING) {
            return; // start() or kill() handles it
        }
        stderr.awaitEof(STDERR_EOF_WAIT_SECONDS, TimeUnit.SECONDS);
        PluginUnavailableException cause = new PluginUnavailableException(name, "plugin '" + name + "' (pid " + pid()
                + ") exited unexpectedly with status " + status + "; last stderr lines:" + recentStderr.describe(), null);
        if (lifecycle.tryMove(PluginState.FAILED, cause)) {
            log.error(cause.getMessage()); // before listeners act on it (a supervisor logs its restart)
            lifecycle.deliver();
            // Reap what it left (its process group) and release the channel and threads.
            Threads.background().execute(this::kill);
        }
    }

    private void connect(long deadline) {
        handshake = new HandshakeWait(name, config.startTimeout(), stdout, stderr, recentStderr, exit).await(deadline);
        channel = Channels.open(handshake, config.maxMessageSize());
        HealthCheck.check(name, channel, handshake, deadline, config.startTimeout());
        // GetInfo is part of the start: it gets what is left of the start timeout.
        Duration startLeft = Duration.ofNanos(Math.max(1, Durations.remainingNanos(deadline)));
        PluginCalls startCalls = new PluginCalls(name, channel, startLeft, config.maxMessageSize(), this::notRunning);
        PluginCalls calls = new PluginCalls(name, channel, config.callTimeout(), config.maxMessageSize(),
                this::notRunning);
        plugin = GrpcPlugin.connect(startCalls, calls, killer);
        if (killStarted.get()) {
            throw new PluginUnavailableException(name, "plugin '" + name + "' was stopped while starting", null);
        }
        if (!lifecycle.moveTo(PluginState.RUNNING, null)) {
            throw new PluginUnavailableException(name, "plugin '" + name + "' failed while starting", null);
        }
    }

    private PluginException notRunning() {
        PluginState state = lifecycle.state();
        if (state == PluginState.RUNNING || state == PluginState.STARTING) {
            if (!exit.isDone()) {
                return null;
            }
            return new PluginUnavailableException(name, "plugin '" + name + "' has exited (status " + exit.join() + ")",
                    null);
        }
        Throwable cause = lifecycle.failure().orElse(null);
        return new PluginUnavailableException(name, "plugin '" + name + "' is not running (" + state + ")"
                + (cause == null ? "" : ": " + cause.getMessage()), cause);
    }
}
