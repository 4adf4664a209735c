/**
 * The plugin SDK: serve gRPC services as a plugin process that a Halkyon host - or any
 * HashiCorp go-plugin host - can launch.
 *
 * <h2>A plugin of any interface</h2>
 * Give {@link io.halkyon.plugin.sdk.PluginServer#serve(io.halkyon.plugin.sdk.ServeConfig)} your
 * cookie and, per app protocol version, the services to serve
 * ({@link io.halkyon.plugin.sdk.PluginServices}; they get the
 * {@link io.halkyon.plugin.grpc.PluginBroker} to call back into the host):
 * <pre>{@code
 * PluginServer.serve(ServeConfig.builder().name("kv").cookie("BASIC_PLUGIN", "hello")
 *         .plugins(1, new KvService()).plugins(2, new KvService()).build());
 * }</pre>
 * go-plugin's AutoMTLS is answered whenever the host asks for it. See {@code docs/embedding.md}.
 *
 * <h2>Writing a Capability plugin</h2>
 * <ol>
 *   <li>Implement {@link io.halkyon.plugin.api.PluginResource}: the category, the types
 *       with their versions, and for a Capability the ordered
 *       {@link io.halkyon.plugin.api.DependentResource}s (each builds one Kubernetes object,
 *       may update it, and reports its condition). Combine several types of one category
 *       with {@link io.halkyon.plugin.api.AggregatePluginResource}.</li>
 *   <li>Call {@link io.halkyon.plugin.sdk.PluginServer#serve(io.halkyon.plugin.api.PluginResource)}
 *       from {@code main} and package a runnable jar:
 * <pre>{@code
 * public final class Main {
 *     public static void main(String[] args) {
 *         PluginServer.serve(new PostgresResource());
 *     }
 * }
 * }</pre>
 *   </li>
 *   <li>Drop the jar into the host's plugin directory. Run by hand, it only prints that it
 *       is a plugin and exits with 1: the host sets the magic cookie
 *       ({@code HALKYON_CAPABILITY_PLUGIN=io.halkyon.capability.plugin}).</li>
 * </ol>
 *
 * <h2>What the plugin process does</h2>
 * {@code serve} negotiates the app protocol version, listens on a private unix socket (or
 * TCP loopback), prints go-plugin's handshake line on stdout and serves gRPC until the host
 * sends {@code Shutdown}, sends SIGTERM, or dies; then it removes its socket and exits with 0.
 * See {@link io.halkyon.plugin.sdk.PluginServer} for the steps and
 * {@link io.halkyon.plugin.sdk.ServeConfig} for the settings and their defaults.
 *
 * <h2>Rules for plugin code</h2>
 * <ul>
 *   <li>Log with SLF4J (see "Logging" below). java.util.logging, which grpc-java uses, is
 *       routed into SLF4J.</li>
 *   <li>{@code System.out} is safe to use: from the moment {@code serve} starts it is
 *       redirected to stderr (or streamed to a host subscribed to {@code plugin.GRPCStdio}),
 *       so it never corrupts the protocol. Do not print on stdout <em>before</em> calling
 *       {@code serve} (a host skips such stray lines, but with a warning).</li>
 *   <li>Throw to report an error: the host receives a gRPC status carrying the exception's
 *       message ({@code INVALID_ARGUMENT} for {@link java.lang.IllegalArgumentException},
 *       {@code INTERNAL} otherwise). Returning {@code null} where an object or condition is
 *       expected, or a condition type other than Ready, Pending and Failed, is reported as
 *       an error too.</li>
 *   <li>Be thread-safe and stateless: calls arrive concurrently, each with a freshly
 *       deserialized owner.</li>
 *   <li>To join the host's trace, read {@link io.halkyon.plugin.sdk.CallContext#traceparent()}
 *       on the thread serving the call: the W3C {@code traceparent} the host sent (the Halkyon
 *       operator sends one per reconciliation), already checked; e.g. log it, or make it the
 *       parent of your own spans.</li>
 * </ul>
 *
 * <h2>Logging</h2>
 * The SDK depends on {@code slf4j-api} only; the plugin picks the provider on its runtime classpath,
 * exactly one:
 * <ul>
 *   <li>{@code io.halkyon:halkyon-plugin-sdk-logging} (runtime scope, in the runnable jar): one
 *       go-plugin JSON line per event on stderr, which the host re-logs under the plugin's name at
 *       the event's level, with the logger as {@code [module]} and key/value pairs as fields; the
 *       threshold is {@code HALKYON_PLUGIN_LOG_LEVEL} ({@code trace}, {@code debug}, {@code info}
 *       (default), {@code warn}, {@code error} or {@code off}). The format for any go-plugin host.</li>
 *   <li>any other provider, such as logback: its lines on stderr (or on stdout, which {@code serve}
 *       turns into stderr) reach the host as text, each line at INFO unless it starts, after an
 *       optional ISO timestamp, with {@code [TRACE]}, {@code [DEBUG]}, {@code [INFO]}, {@code [WARN]}
 *       or {@code [ERROR]}.</li>
 *   <li>none: SLF4J says so in one line and drops every event, the SDK's too; only a plugin that
 *       cannot start still says why on stderr.</li>
 * </ul>
 * Tests that use logback while the plugin jar carries {@code halkyon-plugin-sdk-logging} keep the
 * latter off the test classpath (surefire's and failsafe's {@code classpathDependencyExcludes};
 * failsafe's {@code classesDirectory} when the runnable jar is the module's artifact), so no
 * classpath holds two providers.
 *
 * <h2>Running as a remote plugin</h2>
 * The same resource or services can instead run in their own pod and dial the operator:
 * {@link io.halkyon.plugin.sdk.remote.RemotePlugin#serve} with a
 * {@link io.halkyon.plugin.sdk.remote.RemotePluginConfig} (name, operator address, CA file,
 * token file). No cookie, handshake or stdout rule applies there; the rules for plugin code
 * below do. See {@link io.halkyon.plugin.sdk.remote}.
 *
 * <h2>Testing a plugin</h2>
 * {@link io.halkyon.plugin.sdk.PluginServer#start} serves the resource inside the test JVM
 * on a real socket (no cookie, no handshake on stdout, no exit), so a test can dial it with
 * a gRPC client or a host library and close it afterwards.
 */
package io.halkyon.plugin.sdk;
