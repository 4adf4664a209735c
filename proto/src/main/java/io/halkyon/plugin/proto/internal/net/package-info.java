/**
 * Unix-socket and TCP listeners and channels of plugin connections.
 *
 * <p>Shared by the host and the SDK; not API, may change without notice.
 */
package io.halkyon.plugin.proto.internal.net;
