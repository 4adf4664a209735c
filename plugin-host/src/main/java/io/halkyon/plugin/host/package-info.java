/**
 * The host side of go-plugin for the JVM: launch plugin processes (or attach to running ones),
 * complete go-plugin's handshake, dispense typed clients of any gRPC interface, and supervise
 * plugins.
 *
 * <p>{@link io.halkyon.plugin.host.PluginClient#start} runs one plugin described by a
 * {@link io.halkyon.plugin.host.PluginClientConfig}: its plugin sets map each app protocol
 * version to named {@link io.halkyon.plugin.host.PluginKind}s, and
 * {@link io.halkyon.plugin.host.PluginClient#dispense} makes the typed client of one over the
 * plugin's {@link io.halkyon.plugin.host.PluginConnection} (channel, broker, error translation).
 * AutoMTLS, a pinned SHA-256 of the executable and reattaching
 * ({@link io.halkyon.plugin.host.ReattachConfig}) are settings of the same client. Halkyon's
 * Capability plugins are one plugin set ({@link io.halkyon.plugin.host.CapabilityPlugins}).
 *
 * <p>{@link io.halkyon.plugin.host.PluginManager} loads a directory of plugins, keeps it in step
 * ({@code watch}), supervises each plugin ({@link io.halkyon.plugin.host.PluginHandle}: health
 * checks per {@link io.halkyon.plugin.host.HealthCheckPolicy}, restarts with backoff and crash-loop
 * detection per {@link io.halkyon.plugin.host.RestartPolicy}, states per
 * {@link io.halkyon.plugin.host.PluginState}; what a handle dispenses follows restarts) and builds
 * a {@link io.halkyon.plugin.host.PluginRegistry} of the Capability plugins, announced to registry
 * listeners on every change that matters to callers.
 * {@code io.halkyon.plugin.host.fetch} turns {@code HALKYON_PLUGINS} references into files of
 * that directory.
 * Errors are {@link io.halkyon.plugin.api.PluginException}s. Implementation lives in
 * {@code io.halkyon.plugin.host.internal}, which is not API.
 */
package io.halkyon.plugin.host;
