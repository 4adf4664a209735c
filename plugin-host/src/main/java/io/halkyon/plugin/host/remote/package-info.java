/**
 * Remote plugins: plugins that run on their own (their own pods) and dial in to the host over the
 * {@code pluginframework.v1} registration stream (docs/protocol.md, section 14), authenticated by
 * a {@link io.halkyon.plugin.host.remote.RemoteAccess} check of their bearer token.
 */
package io.halkyon.plugin.host.remote;
