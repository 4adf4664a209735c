package io.halkyon.plugin.sdk.remote;

import io.halkyon.plugin.api.PluginAccessException;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.sdk.internal.JulBridge;
import io.halkyon.plugin.sdk.remote.internal.RemoteConnector;
import io.halkyon.plugin.sdk.remote.internal.RemoteServe;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A plugin that dials the operator instead of being launched by it ({@code docs/protocol.md},
 * section 14): it opens {@code pluginframework.v1.PluginFrameworkService/PluginStream} with
 * {@code authorization: Bearer <token>}, registers its name, version and services, serves the
 * calls the operator sends over that stream, and connects again, with backoff, whenever the stream
 * ends.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     RemotePlugin.serve(RemotePluginConfig.builder()
 *             .name("postgres").version("1.4.0")
 *             .target("halkyon-operator.halkyon-system.svc:8443").tls(Path.of("/etc/halkyon/ca.crt"))
 *             .capability(new PostgresResource())
 *             .build());
 * }
 * }</pre>
 *
 * <p>What it does, per connection:
 * <ol>
 *   <li>reads the token file (so a token the kubelet rotated is used) and dials the target;</li>
 *   <li>opens the stream and sends {@code register {name, version, services, extensions: 1}}; the
 *       operator does not answer it: the plugin is {@link State#REGISTERED} once it is written;</li>
 *   <li>serves each {@code rpc_call} in its own task, through an in-process gRPC server hosting the
 *       services with the SDK's usual handling (an exception reaches the operator as a status with
 *       its message), within {@code timeout_millis}, at most
 *       {@link RemotePluginConfig#maxConcurrentCalls()} at once, and answers with
 *       {@code rpc_response} or {@code error {request_id, code, message}} (the code is the gRPC code's
 *       name); a method it does not serve is answered {@code UNIMPLEMENTED}. Answers are written one
 *       at a time, as the stream's flow control allows;</li>
 *   <li>on {@code cancel}, and when a call's deadline passes, cancels the call (its gRPC
 *       {@code Context} is cancelled) and sends nothing for it: the operator no longer waits;</li>
 *   <li>when the stream ends (the operator closed it, refused the token or the name, the connection
 *       dropped), cancels the calls in flight, logs why and what it waits, and connects again after a
 *       backoff ({@link RemotePluginConfig#initialBackoff()} doubling to
 *       {@link RemotePluginConfig#maxBackoff()}). A refused token or permission is retried too: it may be
 *       rotated or granted later;</li>
 *   <li>with a token file, checks it every {@link RemotePluginConfig#tokenCheckInterval()}: when the kubelet
 *       wrote a new token, opens a second stream with it while the first keeps serving, and once the operator
 *       accepted the second (it carried a call other than the Capability {@code GetInfo}, or stayed open
 *       {@value RemotePluginConfig#STABLE_SECONDS} s), leaves the first as {@link #close()} does, so no call is
 *       dropped ({@code docs/protocol.md} 14.4). A new token the operator refuses is logged and not tried again
 *       until the file changes again; the first stream keeps serving meanwhile. At most two streams are open.</li>
 * </ol>
 * Every log line names the plugin; the token is never logged. Thread-safe.
 */
public final class RemotePlugin implements AutoCloseable {

    /** Where a remote plugin is in its connection cycle. */
    public enum State {
        /** Reading the token, dialling, opening the stream; {@code register} not written yet. */
        CONNECTING,
        /**
         * The stream is open and {@code register} written, with no error so far: calls may come. It stays so
         * through a token rotation (the first stream serves until the second is accepted, and that one is
         * registered).
         */
        REGISTERED,
        /** The last stream ended or could not start ({@link #lastFailure()}); waiting to connect again. */
        BACKING_OFF,
        /** Closed: no more connections; the streams are being left, or gone once {@link #close()} returned. */
        CLOSED
    }

    private final RemotePluginConfig config;
    private final RemoteConnector connector;

    private RemotePlugin(RemotePluginConfig config) {
        this.config = config;
        this.connector = new RemoteConnector(config, config.parsedTarget(), config.tokenSource(),
                config.serviceDefinitions(), config.acceptedAfter());
    }

    /**
     * Starts connecting in the background and returns at once; the plugin keeps connecting until
     * {@link #close()}. Its threads are daemons: they do not keep the JVM alive (a program's main
     * method calls {@link #serve} instead).
     */
    public static RemotePlugin connect(RemotePluginConfig config) {
        Objects.requireNonNull(config, "config");
        RemotePlugin plugin = new RemotePlugin(config);
        plugin.connector.start();
        return plugin;
    }

    /**
     * For a program's main method: routes java.util.logging (grpc-java's) into SLF4J,
     * {@link #connect}s, and runs until SIGTERM or SIGINT, then {@link #close()}s and exits
     * the JVM with 0 (so a stopping pod answers its calls in flight first). Never returns.
     */
    public static void serve(RemotePluginConfig config) {
        Objects.requireNonNull(config, "config");
        JulBridge.install();
        RemotePlugin plugin = connect(config);
        RemoteServe.untilStopped(config.name(), plugin::close);
    }

    /** The registered name. */
    public String name() {
        return config.name();
    }

    /** Where it is in its connection cycle now. */
    public State state() {
        return connector.state();
    }

    /**
     * Why the last stream ended or could not start: a {@link PluginAccessException} when the operator
     * refused the token ({@code UNAUTHENTICATED}) or the name ({@code PERMISSION_DENIED}), else a
     * retryable {@link PluginException} whose cause, when there is one, is the gRPC status
     * ({@code io.grpc.Status.fromThrowable} reads it). Empty before any failure. Not cleared by a
     * later successful connection: {@link #state()} says whether one is open.
     */
    public Optional<PluginException> lastFailure() {
        return Optional.ofNullable(connector.lastFailure());
    }

    /**
     * How many streams it has opened: each connection, accepted or refused, including the second stream of
     * each token rotation.
     */
    public int connections() {
        return connector.connections();
    }

    /**
     * Waits until {@link #state()} is {@code state}, without polling.
     *
     * @return false when it was not within {@code timeout}, or the thread was interrupted (its
     *         interrupt flag is then set again)
     */
    public boolean awaitState(State state, Duration timeout) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(timeout, "timeout");
        try {
            return connector.awaitState(state, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Leaves cleanly and stops connecting ({@code docs/protocol.md} 14.4): sends {@code drain} on the stream,
     * so the operator sends it no new call; serves the calls in flight (and any that still arrive, sent before
     * the operator read the drain) until each is answered, for up to {@link RemotePluginConfig#drainTimeout()},
     * after which those still running are cancelled (their {@code Context}) and not answered; then half-closes,
     * giving the operator up to a second to end the stream. Blocks until then; what it waits for is logged.
     * {@link #state()} is {@link State#CLOSED} from the start. Idempotent: a second call returns at once.
     */
    @Override
    public void close() {
        connector.close();
    }

    @Override
    public String toString() {
        return "RemotePlugin{" + config.name() + " to " + config.target() + ", " + state() + '}';
    }
}
