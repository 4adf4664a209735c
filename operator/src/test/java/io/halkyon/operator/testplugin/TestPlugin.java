package io.halkyon.operator.testplugin;

import io.halkyon.plugin.api.PluginResource;
import io.halkyon.plugin.sdk.PluginServer;

/**
 * A plugin for the operator's tests, category {@code test}, run with the test classpath. Its
 * argument picks the behaviour: {@code elsewhere} ({@link ElsewhereResource}: builds objects the
 * operator must refuse) or {@code blocking} ({@link BlockingResource}: a call that blocks until
 * the process is killed).
 */
public final class TestPlugin {

    private TestPlugin() {
    }

    public static void main(String[] args) {
        String mode = args.length == 0 ? "" : args[0];
        PluginResource resource = switch (mode) {
            case "elsewhere" -> new ElsewhereResource();
            case "blocking" -> new BlockingResource();
            default -> throw new IllegalArgumentException("unknown test plugin mode '" + mode
                    + "'; expected elsewhere or blocking");
        };
        PluginServer.serve(resource);
    }
}
