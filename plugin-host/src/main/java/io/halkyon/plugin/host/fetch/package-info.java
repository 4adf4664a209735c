/**
 * {@code HALKYON_PLUGINS}: turning plugin references into verified files in a plugins
 * directory. {@link io.halkyon.plugin.host.fetch.PluginReference#split} and
 * {@link io.halkyon.plugin.host.fetch.PluginReference#parse} read the references,
 * {@link io.halkyon.plugin.host.fetch.PluginFetcher} fetches, verifies and caches them, as set
 * by {@link io.halkyon.plugin.host.fetch.PluginFetchConfig}. Implementation lives in
 * {@code io.halkyon.plugin.host.fetch.internal}, which is not API.
 */
package io.halkyon.plugin.host.fetch;
