package io.halkyon.examples.postgres;

import io.halkyon.plugin.sdk.PluginServer;

/**
 * The plugin's entry point. Run by the operator as {@code java -jar postgres-capability.jar};
 * run by hand, it says it is a plugin and exits with 1.
 */
public final class PostgresPlugin {

    private PostgresPlugin() {
    }

    public static void main(String[] args) {
        PluginServer.serve(new PostgresPluginResource());
    }
}
