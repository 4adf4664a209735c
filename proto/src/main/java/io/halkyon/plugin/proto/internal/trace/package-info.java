/**
 * W3C trace context ({@code traceparent}) as it crosses from the host into a plugin's call
 * metadata ({@code docs/protocol.md}, "Trace context"): its format, checked on both sides, and
 * a fresh one for a host that has none.
 *
 * <p>Shared by the host and the SDK; not API, may change without notice.
 */
package io.halkyon.plugin.proto.internal.trace;
