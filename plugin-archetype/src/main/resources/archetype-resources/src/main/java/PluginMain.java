package ${package};

import io.halkyon.plugin.sdk.PluginServer;

/**
 * The plugin's entry point. The operator runs it as {@code java -jar ${artifactId}.jar}; run by
 * hand, it says it is a plugin and exits with status 1.
 */
public final class PluginMain {

    private PluginMain() {
    }

    public static void main(String[] args) {
        PluginServer.serve(new CapabilityPluginResource());
    }
}
