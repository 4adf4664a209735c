/**
 * Remote plugins: a plugin that runs on its own (in Kubernetes, its own pods), dials the
 * operator's plugin server and is called over one registration stream ({@code pluginframework.v1},
 * {@code docs/protocol.md} section 14), instead of being launched as a child process.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     RemotePlugin.serve(RemotePluginConfig.builder()
 *             .name("postgres").version("1.4.0")
 *             .target("halkyon-operator.halkyon-system.svc:8443").tls(Path.of("/etc/halkyon/ca.crt"))
 *             .tokenFile(Path.of("/var/run/secrets/tokens/halkyon-operator"))
 *             .capability(new PostgresResource())
 *             .build());
 * }
 * }</pre>
 *
 * <p>The same {@link io.halkyon.plugin.api.PluginResource}, or the same gRPC services, serve as a child
 * process ({@link io.halkyon.plugin.sdk.PluginServer}) or as a remote plugin; the rules for plugin code
 * are the same (see {@link io.halkyon.plugin.sdk}). {@link io.halkyon.plugin.sdk.remote.RemotePluginConfig}
 * lists the settings and their defaults; {@link io.halkyon.plugin.sdk.remote.RemotePlugin} says what
 * happens on the stream. In a test, {@link io.halkyon.plugin.sdk.remote.RemotePlugin#connect} runs one in
 * the background and {@link io.halkyon.plugin.sdk.remote.RemotePlugin#awaitState} waits for it.
 */
package io.halkyon.plugin.sdk.remote;
