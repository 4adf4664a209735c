/**
 * go-plugin's log format for plugins, as an optional SLF4J provider: put
 * {@code io.halkyon:halkyon-plugin-sdk-logging} on a plugin's runtime classpath (in its runnable
 * jar), and no other SLF4J provider, and every SLF4J log event of the plugin, and of the SDK and
 * gRPC inside it, becomes one JSON line on stderr that the host re-logs under the plugin's name at
 * the event's level. The SDK itself needs only {@code slf4j-api}; without this artifact a plugin
 * logs through whatever provider it has (logback, say), whose plain text lines the host forwards at
 * INFO, or, with no provider at all, not at all.
 *
 * <h2>The line format</h2>
 * One JSON object per line, as HashiCorp's hclog writes them: {@code @level} ({@code trace},
 * {@code debug}, {@code info}, {@code warn} or {@code error}), {@code @message} (placeholders filled
 * in), {@code @module} (the logger's name), {@code @timestamp} (UTC with exactly six fraction digits,
 * the only layout go-plugin accepts), then the key/value pairs of SLF4J's fluent API
 * ({@code log.atInfo().addKeyValue("dependent", key).log(...)}) as fields, and for an exception the
 * fields {@code error} and {@code stacktrace}. Each line is written with one write on
 * {@code System.err}, which the SDK's {@code serve} points at the real stderr under one lock, so
 * nothing printed by plugin code splits a line.
 *
 * <p>Configuration: the threshold from {@code HALKYON_PLUGIN_LOG_LEVEL} (see
 * {@link io.halkyon.plugin.sdk.logging.JsonServiceProvider}); nothing else. Netty's warning about
 * {@code SO_KEEPALIVE} on unix sockets, which grpc-netty triggers on every connection, is written at
 * debug.
 */
package io.halkyon.plugin.sdk.logging;
