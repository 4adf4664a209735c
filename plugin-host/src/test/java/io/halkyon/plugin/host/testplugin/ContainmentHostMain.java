package io.halkyon.plugin.host.testplugin;

import io.halkyon.plugin.host.PluginClient;
import io.halkyon.plugin.host.PluginClientConfig;
import io.halkyon.plugin.host.ProcessContainment;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A host JVM under {@link ProcessContainment#contain}, for the containment tests. Arguments: the
 * record directory, the key, then a plugin command line (none: only clean what dead hosts left,
 * then exit). Prints {@code CONTAINED}, then {@code STARTED <pid>} once the plugin runs (it starts
 * on its own thread: a plugin that never hands shake still runs); the line {@code stop} on stdin
 * stops the plugin and the containment, prints {@code STOPPED} and exits.
 */
public final class ContainmentHostMain {

    private ContainmentHostMain() {
    }

    public static void main(String[] args) throws Exception {
        ProcessContainment containment = ProcessContainment.contain(Path.of(args[0]), args[1]);
        System.out.println("CONTAINED " + containment.status().describe());
        System.out.flush();
        if (args.length == 2) {
            containment.close();
            System.exit(0);
        }
        PluginClientConfig config = PluginClientConfig.builder().name("contained")
                .command(List.of(args).subList(2, args.length)).startTimeout(Duration.ofMinutes(5)).build();
        AtomicReference<PluginClient> client = new AtomicReference<>();
        Thread starter = new Thread(() -> {
            client.set(PluginClient.start(config));
            System.out.println("STARTED " + client.get().pid().getAsLong());
            System.out.flush();
        }, "starter");
        starter.setDaemon(true);
        starter.start();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("stop")) {
                if (client.get() != null) {
                    client.get().close();
                }
                containment.close();
                System.out.println("STOPPED");
                System.out.flush();
                System.exit(0);
            }
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
