package io.halkyon.plugin.host.testplugin;

import io.halkyon.plugin.host.PluginClient;
import io.halkyon.plugin.host.PluginClientConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * A host JVM for the orphan test: starts {@code count} SDK plugins with the given command line,
 * prints {@code PIDS <pid> <pid>...} on stdout and waits to be killed (SIGKILL: no hook runs, so
 * only the plugins' parent watch can end them). Arguments: count, then the plugin's command line.
 */
public final class OrphanHostMain {

    private OrphanHostMain() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        List<String> command = List.of(args).subList(1, args.length);
        List<PluginClient> clients = new ArrayList<>();
        StringBuilder line = new StringBuilder("PIDS");
        for (int i = 0; i < count; i++) {
            PluginClient client = PluginClient.start(PluginClientConfig.builder().name("orphan-" + i)
                    .command(command).build());
            clients.add(client);
            line.append(' ').append(client.pid().getAsLong());
        }
        System.out.println(line);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
