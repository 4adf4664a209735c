/**
 * The rules of the remote plugins' registration stream ({@code pluginframework.v1},
 * {@code docs/protocol.md} section 14) that both sides check: what a {@code register} and a
 * {@code request_id} may hold.
 *
 * <p>Shared by the host and the SDK; not API, may change without notice.
 */
package io.halkyon.plugin.proto.internal.remote;
