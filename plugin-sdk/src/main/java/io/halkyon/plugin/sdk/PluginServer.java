package io.halkyon.plugin.sdk;

import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.PluginResource;
import io.halkyon.plugin.sdk.internal.CapabilityServing;
import io.halkyon.plugin.sdk.internal.PluginRuntime;
import io.halkyon.plugin.sdk.internal.ProcessServe;
import io.halkyon.plugin.sdk.internal.StdoutRouter;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Serves gRPC services as a go-plugin compatible plugin process, for any plugin interface:
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     PluginServer.serve(ServeConfig.builder().name("kv").cookie("BASIC_PLUGIN", "hello")
 *             .plugins(1, new KvService()).plugins(2, new KvService()).build());
 * }
 * }</pre>
 *
 * <p>A Halkyon Capability plugin is one such plugin set, built from a {@link PluginResource}:
 * {@code PluginServer.serve(new PostgresResource())}.
 *
 * <p>What {@code serve} does, in order:
 * <ol>
 *   <li>checks the magic cookie ({@link ServeConfig#cookieKey()} must equal
 *       {@link ServeConfig#cookieValue()} in the environment); without it, prints go-plugin's
 *       "This binary is a plugin..." notice on stderr, nothing on stdout, and exits with 1;</li>
 *   <li>points {@code System.out} at stderr (or, once a host subscribes to
 *       {@code plugin.GRPCStdio}, at that stream) so plugin code can never corrupt the
 *       protocol on stdout, and routes java.util.logging into SLF4J (whose provider writes the
 *       lines: see "Logging" in {@link io.halkyon.plugin.sdk});</li>
 *   <li>picks the highest app protocol version found both in {@link ServeConfig#appVersions()}
 *       and in {@code PLUGIN_PROTOCOL_VERSIONS} (its own highest when the variable is absent);
 *       exits with 1 naming both sets when there is none;</li>
 *   <li>listens on a unix socket in a fresh 0700 temporary directory, or on TCP
 *       {@code 127.0.0.1} within {@code PLUGIN_MIN_PORT..PLUGIN_MAX_PORT} (see
 *       {@link PluginNetwork}), serving {@code grpc.health.v1.Health} (service {@code plugin}
 *       SERVING), {@code plugin.GRPCController}, {@code plugin.GRPCStdio},
 *       {@code plugin.GRPCBroker} (both ways: see {@link io.halkyon.plugin.grpc.PluginBroker}),
 *       server reflection (v1 and v1alpha) and the services of the negotiated version's
 *       {@link PluginServices}; with go-plugin's AutoMTLS when the host set
 *       {@code PLUGIN_CLIENT_CERT} (a fresh certificate, the host's pinned as the only client);</li>
 *   <li>prints the handshake line {@code 1|APP|unix|/path/plugin.sock|grpc|} (or
 *       {@code 1|APP|tcp|127.0.0.1:PORT|grpc|}; with AutoMTLS the last field is its
 *       certificate), the only bytes it ever writes on stdout;</li>
 *   <li>serves until stopped by a {@code Shutdown} call, SIGTERM, or the death of the
 *       process that launched it (noticed within {@link ServeConfig#parentCheckInterval()}), or
 *       the end of its stdin when the host set {@code HALKYON_PLUGIN_STDIN_WATCH=1}; then
 *       removes the socket and exits with 0.
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
     * Serves a Capability plugin: {@code resource} as the {@code halkyon.capability.v1} service
     * for each of {@link ServeConfig#appVersions()}, named by its {@code name()}. Exits with 1,
     * saying why, when its category is blank or it has no types. Otherwise as
     * {@link #serve(ServeConfig)}. Never returns.
     */
    public static void serve(PluginResource resource, ServeConfig config) {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(config, "config");
        ProcessServe.run(resource, config);
    }

    /**
     * Serves the plugin sets of {@code config} as a go-plugin plugin process (see the class
     * comment): until stopped (Shutdown RPC, SIGTERM, or the launching process dies), then exits
     * the JVM with 0; without the magic cookie prints a message on stderr and exits with 1; when
     * the plugin cannot start (no plugin set, no common protocol version, an unusable
     * {@code PLUGIN_CLIENT_CERT}, no socket) logs why and exits with 1. Never returns.
     */
    public static void serve(ServeConfig config) {
        Objects.requireNonNull(config, "config");
        ProcessServe.run(null, config);
    }

    /**
     * Starts a Capability plugin's gRPC server inside this JVM, as {@link #start(ServeConfig)}
     * does, with {@code resource} served as by {@link #serve(PluginResource, ServeConfig)}.
     *
     * @throws IllegalArgumentException when the resource has a blank category or no types
     */
    public static ServedPlugin start(PluginResource resource, ServeConfig config) {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(config, "config");
        ServeConfig capability;
        try {
            capability = CapabilityServing.configure(resource, config);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("plugin '" + CapabilityServing.name(resource, config) + "': "
                    + e.getMessage(), e);
        }
        return start(capability);
    }

    /**
     * Starts the plugin's gRPC server inside this JVM and returns at once: for tests of a
     * plugin (or of a host) without launching a process; a host connects to it with
     * {@code PluginClient.reattach(config, ReattachConfig.of(served.handshakeLine()))}. Unlike
     * {@link #serve}, it checks no cookie, prints no handshake line, leaves {@code System.out}
     * alone, watches no parent and never exits the JVM. It listens on
     * {@link ServeConfig#network()} exactly (the environment does not override it;
     * {@code PLUGIN_MIN_PORT}/{@code PLUGIN_MAX_PORT} still bound a TCP port), serves the highest
     * of {@link ServeConfig#appVersions()}, and speaks plaintext. A {@code Shutdown} call stops
     * the server as {@link ServedPlugin#close()} does.
     *
     * @throws PluginException          naming the plugin when no socket can be bound
     * @throws IllegalArgumentException when the config has no plugin set, or its set gives no service
     */
    public static ServedPlugin start(ServeConfig config) {
        Objects.requireNonNull(config, "config");
        if (config.plugins().isEmpty()) {
            throw new IllegalArgumentException("plugin '" + config.name() + "': nothing to serve: ServeConfig has no"
                    + " plugin set (ServeConfig.Builder.plugins)");
        }
        int appVersion = config.appVersions().get(config.appVersions().size() - 1);
        AtomicReference<PluginRuntime> started = new AtomicReference<>();
        Runnable stopOnShutdown = () -> new Thread(() -> started.get().stop("Shutdown RPC", true),
                "plugin-stop").start();
        try {
            started.set(PluginRuntime.start(appVersion, config, config.network(), System.getenv(),
                    new StdoutRouter(System.err), null, stopOnShutdown));
        } catch (IOException e) {
            throw new PluginException(config.name(), "plugin '" + config.name() + "' cannot listen: " + e.getMessage(), e);
        }
        return new ServedPlugin(started.get());
    }
}
