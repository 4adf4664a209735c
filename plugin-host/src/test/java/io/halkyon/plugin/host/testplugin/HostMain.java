package io.halkyon.plugin.host.testplugin;

import io.halkyon.plugin.host.PluginClient;
import io.halkyon.plugin.host.PluginClientConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A host process for the shutdown hook test: starts the stubborn plugin (no SDK, so no parent
 * watch: only the host can stop it), writes its pid, then exits without stopping it.
 * Arguments: pid file, then the plugin's command line.
 */
public final class HostMain {

    private HostMain() {
    }

    public static void main(String[] args) throws Exception {
        PluginClient client = PluginClient.start(PluginClientConfig.builder().name("orphan-candidate")
                .command(List.of(args).subList(1, args.length))
                .shutdownGrace(Duration.ofMillis(300)).terminateGrace(Duration.ofMillis(300)).build());
        Files.writeString(Path.of(args[0]), String.valueOf(client.pid().getAsLong()));
        System.exit(0);
    }
}
