package io.halkyon.examples.remotepostgres;

import io.halkyon.examples.postgres.PostgresPluginResource;
import io.halkyon.plugin.sdk.remote.RemotePlugin;
import io.halkyon.plugin.sdk.remote.RemotePluginConfig;

/**
 * The postgres example plugin ({@link PostgresPluginResource}, {@code database/postgres}) as a
 * remote plugin: it runs on its own (in Kubernetes, the Deployment of {@code deploy/}), dials the
 * operator's plugin server, registers and serves its calls over one stream, and reconnects by
 * itself whenever that stream ends ({@link RemotePlugin}, docs/protocol.md section 14).
 *
 * <p>Settings come from the environment, read once at start ({@link PluginSettings}):
 * <table>
 *   <caption>environment</caption>
 *   <tr><th>variable</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value PluginSettings#ADDRESS}</td><td>none: required</td><td>the operator's plugin server,
 *       {@code host:port} ({@code [v6 address]:port}) or {@code unix:/path}</td></tr>
 *   <tr><td>{@value PluginSettings#TOKEN_FILE}</td><td>{@value RemotePluginConfig#DEFAULT_TOKEN_FILE}</td>
 *       <td>the bearer token (a projected ServiceAccount token with the operator's audience), read again at
 *       every connection</td></tr>
 *   <tr><td>{@value PluginSettings#CA_FILE}</td><td>none</td><td>TLS, trusting only the CA certificates
 *       of this PEM file (read again at every connection). Unset: plaintext when the address is a unix
 *       socket, {@code localhost}, {@code 127.x.x.x} or {@code [::1]} (the token does not leave the
 *       machine); TLS trusting the JVM's CAs otherwise</td></tr>
 *   <tr><td>{@value PluginSettings#PLUGIN_NAME}</td><td>{@value PluginSettings#DEFAULT_NAME}</td><td>the
 *       name registered: the one the ServiceAccount was granted; replicas share it</td></tr>
 * </table>
 * The version registered is the jar's ({@code Implementation-Version}).
 *
 * <p>Runs until SIGTERM or SIGINT, then closes its stream and exits with 0. A missing or malformed
 * variable: one line on stderr naming it, exit status 2. Logs are JSON lines on stderr, at
 * {@code HALKYON_PLUGIN_LOG_LEVEL} (default {@code info}).
 */
public final class RemotePostgresPlugin {

    private RemotePostgresPlugin() {
    }

    /** Runs the plugin until stopped; arguments are ignored (settings come from the environment). */
    public static void main(String[] args) {
        RemotePluginConfig config;
        try {
            config = PluginSettings.config(System.getenv(), new PostgresPluginResource());
        } catch (IllegalArgumentException e) {
            System.err.println("remote-postgres: " + e.getMessage());
            System.exit(2);
            return;
        }
        RemotePlugin.serve(config);
    }
}
