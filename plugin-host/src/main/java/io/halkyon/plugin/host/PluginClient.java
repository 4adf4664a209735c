package io.halkyon.plugin.host;

import io.grpc.ManagedChannel;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.PluginHandshakeException;
import io.halkyon.plugin.api.PluginProtocol;
import io.halkyon.plugin.api.PluginTimeoutException;
import io.halkyon.plugin.api.PluginUnavailableException;
import io.halkyon.plugin.grpc.PluginBroker;
import io.halkyon.plugin.host.internal.AddressPolicy;
import io.halkyon.plugin.host.internal.AttachedProcess;
import io.halkyon.plugin.host.internal.CallGate;
import io.halkyon.plugin.host.internal.Connection;
import io.halkyon.plugin.host.internal.Dispenser;
import io.halkyon.plugin.host.internal.Durations;
import io.halkyon.plugin.host.internal.Handshake;
import io.halkyon.plugin.host.internal.HealthCheck;
import io.halkyon.plugin.host.internal.Launcher;
import io.halkyon.plugin.host.internal.Lifecycle;
import io.halkyon.plugin.host.internal.LiveClients;
import io.halkyon.plugin.host.internal.PluginProcess;
import io.halkyon.plugin.host.internal.Threads;
import io.halkyon.plugin.host.internal.TlsSetup;
import io.halkyon.plugin.proto.internal.broker.Broker;
import io.halkyon.plugin.proto.internal.net.ClientChannels;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One plugin process, launched (or attached to), handshaken and connected: go-plugin's
 * {@code Client}.
 *
 * <p>{@link #start} launches the configured command in its own process group with go-plugin's
 * handshake environment, reads the handshake line from stdout within the start timeout (stray
 * lines before it are logged and skipped), dials the printed address (over TLS with both
 * certificates pinned when {@link PluginClientConfig#autoMtls()} is on), checks that health
 * service {@code plugin} is SERVING and opens the broker stream. Nothing service-specific
 * happens at start: {@link #dispense} makes the typed client of a {@link PluginKind} from the
 * plugin set of the negotiated version. Its stderr is forwarded to SLF4J under the logger
 * {@code plugin.<name>}. {@link #reattach} connects to a plugin that is already running.
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
    /** Its last words may still be in the pipe, behind a reader thread starved on a busy host. */
    private static final Duration STDERR_EOF_WAIT = Duration.ofSeconds(3);
    private static final long KILL_MARGIN_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final PluginClientConfig config;
    private final String name;
    private final Lifecycle lifecycle;
    private final PluginProcess process;
    private final TlsSetup tls;
    private final Dispenser dispenser;
    private final Runnable killer = this::kill;
    private final AtomicBoolean killStarted = new AtomicBoolean();
    private final CompletableFuture<Void> killed = new CompletableFuture<>();
    private volatile Handshake handshake;
    private volatile ManagedChannel channel;
    private volatile Broker broker;
    private volatile Connection connection;

    private PluginClient(PluginClientConfig config, PluginProcess process, TlsSetup tls, PluginStateListener listener) {
        this.config = config;
        this.name = config.name();
        this.process = process;
        this.tls = tls;
        this.lifecycle = Lifecycle.forClient(name);
        this.dispenser = new Dispenser(name, config.plugins());
        if (listener != null) {
            lifecycle.addListener(listener);
        }
        LiveClients.add(killer);
        process.onExit().thenAcceptAsync(this::exited, Threads.background());
    }

    /**
     * Launches the plugin and waits until it can take calls: handshake, connection and health
     * check, all within {@link PluginClientConfig#startTimeout()}.
     *
     * @throws PluginHandshakeException when the plugin exits first, prints an invalid handshake
     *                                  (the message quotes it, with the exit status and last stderr
     *                                  lines), or does not answer AutoMTLS as the host asked
     * @throws PluginTimeoutException   when the start timeout passes
     * @throws io.halkyon.plugin.api.PluginChecksumException when the executable does not have the pinned SHA-256
     * @throws PluginException          for any other start failure (cannot launch, not SERVING)
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
        TlsSetup tls = config.autoMtls() ? TlsSetup.generate(config.name()) : null;
        PluginClient client = new PluginClient(config, Launcher.launch(config, tls == null ? null : tls.pem()), tls,
                listener);
        if (launched != null) {
            launched.accept(client);
        }
        client.connectOrKill(begin + config.startTimeout().toNanos());
        log.info("plugin '{}' running: pid {}, app protocol version {}, {} {}{}, started in {} ms", client.name,
                client.pid().orElse(-1), client.protocolVersion(), client.network(), client.address(),
                tls == null ? "" : ", AutoMTLS", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
        return client;
    }

    /**
     * Connects to a plugin that is already running (go-plugin's reattach): one started by hand
     * with the cookie set, in a debugger, or served in this JVM by the SDK's
     * {@code PluginServer.start}. Health is checked as for {@link #start}. {@link #kill()} sends
     * the Shutdown RPC, then signals the pid when {@link ReattachConfig#pid()} gives one; without a
     * pid a plugin that ignores Shutdown keeps running, and the log says so. Its stderr is not the
     * host's to forward.
     *
     * @throws PluginHandshakeException when the line is invalid, its version is not offered by
     *                                  {@code config}, or it carries a certificate (AutoMTLS cannot be
     *                                  reattached: the plugin pinned the certificate of the host that
     *                                  started it)
     * @throws PluginException          when nothing answers at the address, or the pid is not running
     */
    public static PluginClient reattach(PluginClientConfig config, ReattachConfig reattach) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(reattach, "reattach");
        String name = config.name().isEmpty() ? "reattached" : config.name();
        PluginClientConfig named = config.name().isEmpty() ? config.toBuilder().name(name).build() : config;
        if (config.autoMtls()) {
            throw new PluginHandshakeException(name, "plugin '" + name + "': cannot reattach with AutoMTLS: the"
                    + " plugin pinned the certificate of the host that started it; turn autoMtls off to reattach");
        }
        Handshake handshake = Handshake.parse(name, reattach.handshakeLine(), named.protocolVersions());
        PluginClient client = new PluginClient(named, new AttachedProcess(name, handshake, reattach.pid()), null, null);
        client.connectOrKill(System.nanoTime() + named.startTimeout().toNanos());
        log.info("plugin '{}' reattached: {} {}, app protocol version {}{}", name, client.network(), client.address(),
                client.protocolVersion(), reattach.pid().isPresent() ? ", pid " + reattach.pid().getAsLong() : ", no pid");
        return client;
    }

    /**
     * go-plugin's Dispense: the typed client of kind {@code kind} from the plugin set of the
     * negotiated version, made on first use and the same object afterwards.
     *
     * @throws io.halkyon.plugin.api.PluginNotFoundException when that set has no such kind (the
     *         message names the kind, the negotiated version and the sets the host has)
     * @throws PluginException when the kind makes no client of {@code type}, or fails making it
     * @throws PluginUnavailableException when the plugin is not running
     */
    public <T> T dispense(String kind, Class<T> type) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(type, "type");
        PluginException down = notRunning();
        if (down != null) {
            throw down;
        }
        return dispenser.dispense(kind, type, connection);
    }

    /** The kinds {@link #dispense} can make: those of the negotiated version's plugin set. */
    public Set<String> kinds() {
        return config.plugins().getOrDefault(protocolVersion(), Map.of()).keySet();
    }

    /**
     * The plugin's connection (channel, broker, call helpers), for code that wants it without a
     * {@link PluginKind}. Its channel gives every call the call timeout and fails fast once the
     * plugin is not running.
     */
    public PluginConnection connection() {
        return connection;
    }

    /** The broker of this connection: go-plugin's GRPCBroker. */
    public PluginBroker broker() {
        return broker;
    }

    /** The configured name (used in logs, errors and the logger {@code plugin.<name>}). */
    public String name() {
        return name;
    }

    public PluginClientConfig config() {
        return config;
    }

    /** The plugin's process id; empty for a plugin reattached without one. */
    public OptionalLong pid() {
        return process.pid();
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

    /** Whether this connection runs over AutoMTLS. */
    public boolean autoMtls() {
        return tls != null;
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

    /**
     * Completes with the process's exit status when it exits (for any reason); for a plugin
     * reattached with a pid, with -1; never for one reattached without.
     */
    public CompletableFuture<Integer> onExit() {
        return process.onExit().copy();
    }

    /** The last lines the plugin wrote on stderr (rendered {@code [LEVEL] message}), oldest first. */
    public List<String> recentStderr() {
        return process.recentStderr();
    }

    /**
     * Stops the plugin: Shutdown RPC, wait shutdownGrace, SIGTERM to its process tree, wait
     * terminateGrace, SIGKILL. Idempotent and thread-safe: concurrent callers wait for the
     * first one (bounded). Never hangs. Closes the channel and the broker and stops the reader
     * threads.
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
        return "PluginClient{name=" + name + ", pid=" + (pid().isPresent() ? pid().getAsLong() : "none") + ", state="
                + state() + '}';
    }

    private void doKill(boolean graceful) {
        boolean running = lifecycle.moveTo(PluginState.STOPPING, null);
        if (running) {
            log.info("plugin '{}': stopping{}", name, graceful ? "" : " (no Shutdown RPC: it stopped answering)");
        }
        try {
            if (broker != null) {
                broker.close();
            }
            process.stop(running ? channel : null, graceful ? config.shutdownGrace() : Duration.ZERO,
                    config.terminateGrace());
        } finally {
            ClientChannels.close(channel);
            process.release(handshake);
            LiveClients.remove(killer);
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
        process.awaitStderr(STDERR_EOF_WAIT);
        String pid = pid().isPresent() ? " (pid " + pid().getAsLong() + ")" : "";
        PluginUnavailableException cause = new PluginUnavailableException(name, "plugin '" + name + "'" + pid
                + " exited unexpectedly" + (status >= 0 ? " with status " + status : "") + "; last stderr lines:"
                + process.describeRecentStderr(), null);
        if (lifecycle.tryMove(PluginState.FAILED, cause)) {
            log.error(cause.getMessage()); // before listeners act on it (a supervisor logs its restart)
            lifecycle.deliver();
            // Reap what it left (its process group) and release the channel and threads.
            Threads.background().execute(this::kill);
        }
    }

    private void connectOrKill(long deadline) {
        try {
            connect(deadline);
        } catch (RuntimeException | Error e) {
            PluginException failure = e instanceof PluginException pe ? pe
                    : new PluginException(name, "plugin '" + name + "' failed to start: " + e, e);
            kill();
            lifecycle.moveTo(PluginState.FAILED, failure);
            // The exception says it all; the caller decides how loud it is (a supervisor logs it).
            log.debug("plugin '{}': start failed: {}", name, failure.getMessage());
            throw failure;
        }
    }

    private void connect(long deadline) {
        handshake = process.awaitHandshake(deadline);
        AddressPolicy.check(name, handshake, config.minPort(), config.maxPort(), process.socketDirectory());
        TlsSetup.Contexts contexts = TlsSetup.check(name, tls, handshake);
        channel = ClientChannels.open(handshake.network(), handshake.address(), config.maxMessageSize(),
                contexts == null ? null : contexts.client());
        HealthCheck.check(name, channel, handshake, deadline, config.startTimeout());
        // The host's own broker servers listen where its plugins may: in the configured port range.
        broker = new Broker(name, "plugin", Map.of(PluginProtocol.ENV_MIN_PORT, String.valueOf(config.minPort()),
                PluginProtocol.ENV_MAX_PORT, String.valueOf(config.maxPort())), handshake.network(),
                contexts == null ? null : contexts.server(), contexts == null ? null : contexts.client(),
                Broker.DEFAULT_DIAL_TIMEOUT, config.maxMessageSize());
        broker.connect(channel);
        CallGate gate = new CallGate(name, CallGate.Target.of(() -> notRunning() == null ? channel : null, () -> {
            PluginException down = notRunning();
            return down != null ? down : new PluginUnavailableException(name, "plugin '" + name
                    + "' is not running", null);
        }), config.callTimeout(), config.maxMessageSize(), config.callObserver());
        connection = new Connection(name, () -> handshake.appVersion(), gate, broker, killer);
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
            CompletableFuture<Integer> exit = process.onExit();
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
