package io.halkyon.plugin.sdk;

import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.PluginResource;
import io.halkyon.plugin.sdk.internal.CapabilityService;
import io.halkyon.plugin.sdk.internal.PluginRuntime;
import io.halkyon.plugin.sdk.internal.ProcessServe;
import io.halkyon.plugin.sdk.internal.StdoutRouter;
import io.halkyon.plugin.sdk.internal.logging.JsonLogWriter;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Serves a {@link PluginResource} as a go-plugin compatible plugin process. Call
 * {@link #serve(PluginResource)} from {@code main}:
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     PluginServer.serve(new PostgresResource());
 * }
 * }</pre>
 *
 * <p>What {@code serve} does, in order:
 * <ol>
 *   <li>checks the magic cookie ({@link ServeConfig#cookieKey()} must equal
 *       {@link ServeConfig#cookieValue()} in the environment); without it, prints go-plugin's
 *       "This binary is a plugin..." notice on stderr, nothing on stdout, and exits with 1;</li>
 *   <li>points {@code System.out} at stderr (or, once a host subscribes to
 *       {@code plugin.GRPCStdio}, at that stream) so plugin code can never corrupt the
 *       protocol on stdout, and routes SLF4J and java.util.logging to hclog JSON lines on
 *       stderr (level from {@code HALKYON_PLUGIN_LOG_LEVEL}, default {@code info});</li>
 *   <li>picks the highest app protocol version found both in {@link ServeConfig#appVersions()}
 *       and in {@code PLUGIN_PROTOCOL_VERSIONS} (its own highest when the variable is absent);
 *       exits with 1 naming both sets when there is none;</li>
 *   <li>listens on a unix socket in a fresh 0700 temporary directory, or on TCP
 *       {@code 127.0.0.1} within {@code PLUGIN_MIN_PORT..PLUGIN_MAX_PORT} (see
 *       {@link PluginNetwork}), serving {@code grpc.health.v1.Health} (service {@code plugin}
 *       SERVING), {@code plugin.GRPCController}, {@code plugin.GRPCStdio},
 *       {@code plugin.GRPCBroker}, server reflection (v1 and v1alpha) and
 *       {@code halkyon.capability.v1.CapabilityPlugin} over the resource;</li>
 *   <li>prints the handshake line {@code 1|APP|unix|/path/plugin.sock|grpc|} (or
 *       {@code 1|APP|tcp|127.0.0.1:PORT|grpc|}), the only bytes it ever writes on stdout;</li>
 *   <li>serves until stopped by a {@code Shutdown} call, SIGTERM, or the death of the
 *       process that launched it (or of {@code HALKYON_PLUGIN_HOST_PID}), noticed within
 *       {@link ServeConfig#parentCheckInterval()}; then removes the socket and exits with 0.
 *       SIGINT is ignored, as in go-plugin: the host decides when its plugins stop.</li>
 * </ol>
 *
 * <p>Errors thrown by plugin code during a call reach the host as gRPC statuses carrying
 * the exception's message ({@code INVALID_ARGUMENT} for {@link IllegalArgumentException},
 * {@code INTERNAL} otherwise) and are logged with their stack trace.
 */
public final class PluginServer {

    private PluginServer() {
    }

    /** {@link #serve(PluginResource, ServeConfig)} with {@link ServeConfig#defaults()}. Never returns. */
    public static void serve(PluginResource resource) {
        serve(resource, ServeConfig.defaults());
    }

    /**
     * Serves until stopped (Shutdown RPC, SIGTERM, or the launching process dies), then exits
     * the JVM with 0; without the magic cookie prints a message on stderr and exits with 1; when
     * the plugin cannot start (no common protocol version, a resource without category or
     * types, no socket) logs why and exits with 1. Never returns.
     */
    public static void serve(PluginResource resource, ServeConfig config) {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(config, "config");
        ProcessServe.run(resource, config);
    }

    /**
     * Starts the plugin's gRPC server inside this JVM and returns at once: for tests of a
     * plugin (or of a host) without launching a process. Unlike {@link #serve}, it checks no
     * cookie, prints no handshake line, leaves {@code System.out} alone, watches no parent and
     * never exits the JVM. It listens on {@link ServeConfig#network()} exactly (the
     * environment does not override it; {@code PLUGIN_MIN_PORT}/{@code PLUGIN_MAX_PORT} still
     * bound a TCP port) and announces the highest of {@link ServeConfig#appVersions()}. A
     * {@code Shutdown} call stops the server as {@link ServedPlugin#close()} does.
     *
     * @throws PluginException     naming the plugin when no socket can be bound
     * @throws RuntimeException     what the resource throws from {@code name()}, {@code category()}...
     */
    public static ServedPlugin start(PluginResource resource, ServeConfig config) {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(config, "config");
        CapabilityService capability = new CapabilityService(resource);
        int appVersion = config.appVersions().get(config.appVersions().size() - 1);
        AtomicReference<PluginRuntime> started = new AtomicReference<>();
        Runnable stopOnShutdown = () -> new Thread(() -> started.get().stop("Shutdown RPC", true),
                "plugin-stop").start();
        try {
            started.set(PluginRuntime.start(capability, appVersion, config, config.network(), System.getenv(),
                    new StdoutRouter(JsonLogWriter.stderr()), stopOnShutdown));
        } catch (IOException e) {
            String name = capability.info().getName();
            throw new PluginException(name, "plugin '" + name + "' cannot listen: " + e.getMessage(), e);
        }
        return new ServedPlugin(started.get());
    }
}
