/**
 * What host and plugins share.
 *
 * <p>Plugin authors implement {@link io.halkyon.plugin.api.PluginResource} and
 * {@link io.halkyon.plugin.api.DependentResource}; operator developers call
 * {@link io.halkyon.plugin.api.Plugin}. The {@link io.halkyon.plugin.api.Capability}
 * model is the {@code halkyon.io/v1beta1} custom resource. Every error is a
 * {@link io.halkyon.plugin.api.PluginException}. Nothing here depends on gRPC.
 */
package io.halkyon.plugin.api;
