/**
 * Implementation of the host; not API, may change without notice.
 *
 * <p>One class per role: {@link io.halkyon.plugin.host.internal.Launcher} (process, handshake
 * environment, own process group), {@link io.halkyon.plugin.host.internal.StdoutReader} and
 * {@link io.halkyon.plugin.host.internal.Handshake} (the handshake line),
 * {@link io.halkyon.plugin.host.internal.StderrForwarder} and
 * {@link io.halkyon.plugin.host.internal.LogLine} (plugin logs),
 * {@link io.halkyon.plugin.host.internal.Channels} and
 * {@link io.halkyon.plugin.host.internal.HealthCheck} (connection),
 * {@link io.halkyon.plugin.host.internal.GrpcPlugin} (the Plugin proxy),
 * {@link io.halkyon.plugin.host.internal.Stopper} and
 * {@link io.halkyon.plugin.host.internal.ProcessTree} (kill and reaping),
 * {@link io.halkyon.plugin.host.internal.SocketCleanup} (sockets a killed plugin left),
 * {@link io.halkyon.plugin.host.internal.Lifecycle} (states and listeners).
 */
package io.halkyon.plugin.host.internal;
