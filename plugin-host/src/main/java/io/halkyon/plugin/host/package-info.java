/**
 * The host side of capability plugins: launch plugin processes, complete go-plugin's
 * handshake, talk to them over gRPC and supervise them.
 *
 * <p>{@link io.halkyon.plugin.host.PluginClient#start} runs one plugin described by a
 * {@link io.halkyon.plugin.host.PluginClientConfig} and gives an
 * {@link io.halkyon.plugin.api.Plugin} proxy; {@link io.halkyon.plugin.host.PluginManager}
 * loads a directory of plugins, keeps it in step ({@code watch}), supervises each plugin
 * ({@link io.halkyon.plugin.host.PluginHandle}: health checks per
 * {@link io.halkyon.plugin.host.HealthCheckPolicy}, restarts with backoff and crash-loop
 * detection per {@link io.halkyon.plugin.host.RestartPolicy}, states per
 * {@link io.halkyon.plugin.host.PluginState}) and builds a
 * {@link io.halkyon.plugin.host.PluginRegistry}, announced to registry listeners on every change
 * that matters to callers.
 * {@code io.halkyon.plugin.host.fetch} turns {@code HALKYON_PLUGINS} references into files of
 * that directory.
 * Errors are {@link io.halkyon.plugin.api.PluginException}s. Implementation lives in
 * {@code io.halkyon.plugin.host.internal}, which is not API.
 */
package io.halkyon.plugin.host;
