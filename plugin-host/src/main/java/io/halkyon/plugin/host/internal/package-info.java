/**
 * Implementation of the host; not API, may change without notice.
 *
 * <p>One class per role: {@link io.halkyon.plugin.host.internal.Launcher} (process, handshake
 * environment, own process group) and {@link io.halkyon.plugin.host.internal.VerifiedExecutable}
 * (checksum before exec); {@link io.halkyon.plugin.host.internal.PluginProcess} with
 * {@link io.halkyon.plugin.host.internal.LaunchedProcess} and
 * {@link io.halkyon.plugin.host.internal.AttachedProcess} (reattach);
 * {@link io.halkyon.plugin.host.internal.StdoutReader} and
 * {@link io.halkyon.plugin.host.internal.Handshake} (the handshake line);
 * {@link io.halkyon.plugin.host.internal.TlsSetup} (AutoMTLS);
 * {@link io.halkyon.plugin.host.internal.StderrForwarder} and
 * {@link io.halkyon.plugin.host.internal.LogLine} (plugin logs), read by the host's one
 * {@link io.halkyon.plugin.host.internal.OutputPump} thread and logged by its one
 * {@link io.halkyon.plugin.host.internal.LogPump} thread;
 * {@link io.halkyon.plugin.host.internal.HealthCheck} (the ping);
 * {@link io.halkyon.plugin.host.internal.CallGate}, {@link io.halkyon.plugin.host.internal.Connection}
 * and {@link io.halkyon.plugin.host.internal.Dispenser} (what plugin kinds get, and dispense);
 * {@link io.halkyon.plugin.host.internal.GrpcPlugin} (the Capability kind);
 * {@link io.halkyon.plugin.host.internal.Stopper} and
 * {@link io.halkyon.plugin.host.internal.ProcessTree} (kill and reaping);
 * {@link io.halkyon.plugin.host.internal.SocketCleanup} (sockets a killed plugin left);
 * {@link io.halkyon.plugin.host.internal.Lifecycle} (states and listeners);
 * {@link io.halkyon.plugin.host.internal.ServerTlsFiles} (the remote-plugin server's TLS from PEM
 * files, read again when they change). Sockets, AutoMTLS
 * certificates, the broker and the Capability message mapping are shared with the SDK in the
 * proto module's {@code io.halkyon.plugin.proto.internal} packages.
 */
package io.halkyon.plugin.host.internal;
