package io.halkyon.operator.testplugin;

import io.halkyon.plugin.api.PluginResource;
import io.halkyon.plugin.sdk.PluginServer;
import java.nio.file.Path;

/**
 * A plugin for the operator's tests, category {@code test}, run with the test classpath. Its
 * argument picks the behaviour: {@code elsewhere} ({@link ElsewhereResource}: builds objects the
 * operator must refuse), {@code blocking} ({@link BlockingResource}: a call that blocks until
 * the process is killed), {@code hanging} ({@link HangingResource}: GetDependents or Build hang
 * while a file exists), {@code crashing <file>} ({@link CrashingResource}: exits soon after
 * starting while the file exists) or {@code raw} ({@link RawPlugin}: no SDK, bad answers on the
 * wire).
 */
public final class TestPlugin {

    private TestPlugin() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length == 0 ? "" : args[0];
        if ("raw".equals(mode)) {
            RawPlugin.main(args);
            return;
        }
        PluginResource resource = switch (mode) {
            case "elsewhere" -> new ElsewhereResource();
            case "blocking" -> new BlockingResource();
            case "hanging" -> new HangingResource();
            case "crashing" -> {
                CrashingResource.crashSoonIf(args.length > 1 ? Path.of(args[1]) : null);
                yield new CrashingResource();
            }
            default -> throw new IllegalArgumentException("unknown test plugin mode '" + mode
                    + "'; expected elsewhere, blocking, hanging, crashing or raw");
        };
        PluginServer.serve(resource);
    }
}
