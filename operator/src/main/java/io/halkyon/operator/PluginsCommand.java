package io.halkyon.operator;

import io.halkyon.plugin.host.PluginManager;
import io.halkyon.plugin.host.PluginRegistry;
import io.halkyon.plugin.host.RestartPolicy;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code plugins}: loads every plugin of the plugins directory, prints one row per file
 * (what it provides; its state, restarts and, when not RUNNING, the cause), then stops them
 * all. Exit status 0 only when every file loaded, 1 otherwise, 2 on a usage error.
 */
@Command(name = "plugins",
        description = "Load every plugin of the plugins directory, print what each provides, its state"
                + " (RUNNING, FAILED...), restarts and the cause when it is not running, and stop them. With"
                + " --remote-plugins-listen, also accept remote plugins for --remote-wait and list those that registered.",
        footer = {"", "Exit status: 0 when every file loaded, 1 when any failed, 2 on a usage error.",
                "", "Examples:",
                "  halkyon-operator plugins --plugins-dir plugins",
                "  halkyon-operator plugins -o yaml --log-level info",
                "  halkyon-operator plugins --remote-plugins-listen 0.0.0.0:9443 --remote-wait 30s",
                "  halkyon-operator plugins verify plugins/postgres-capability.jar"},
        subcommands = VerifyCommand.class)
final class PluginsCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(PluginsCommand.class);

    @Spec
    private CommandSpec spec;

    @Mixin
    private PluginOptions options;

    @Mixin
    private RemotePluginOptions remote;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text: a table; json or yaml: a list of objects, one per plugin. Default: ${DEFAULT-VALUE}.")
    private OutputFormat output;

    @Option(names = "--json", description = "The same as -o json (kept for scripts written before -o).")
    private boolean json;

    @Option(names = "--remote-wait", paramLabel = "DURATION", defaultValue = "10s",
            description = "With --remote-plugins-listen: how long to accept remote plugins before listing them."
                    + " Default: ${DEFAULT-VALUE}.")
    private Duration remoteWait;

    @Override
    public Integer call() throws InterruptedException {
        if (json && output != OutputFormat.TEXT && output != OutputFormat.JSON) {
            throw new ParameterException(spec.commandLine(), "--json and --output " + output.name().toLowerCase()
                    + " ask for two formats: give one");
        }
        remote.validate(options);
        Path dir = options.existingPluginsDir();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<PluginRow> rows;
        // Closing the manager stops every plugin, whatever happened while loading or printing.
        // One look, no supervision: a plugin whose start fails is reported FAILED, not started again.
        try (QuietLogs quiet = QuietLogs.unlessAsked();
             PluginManager manager = new PluginManager(options.template(), RestartPolicy.NEVER);
             RemoteListing remotes = RemoteListing.start(remote, options, remoteWait)) {
            log.info("loading plugins from {} (start timeout {})", dir, DurationConverter.format(options.startTimeout()));
            List<PluginRow> files = manager.loadDirectory(dir).stream().map(PluginRow::of).toList();
            rows = java.util.stream.Stream.concat(files.stream(), remotes.rows().stream()).toList();
            print(rows, out);
            PluginRegistry.merge(manager.registry(), remotes.registry()).conflicts()
                    .forEach(conflict -> err.println("warning: " + conflict));
        }
        if (rows.isEmpty()) {
            err.println("no plugin found in " + dir + (remote.enabled() ? " and no remote plugin registered" : ""));
        }
        err.flush();
        long failed = rows.stream().filter(row -> !row.loaded()).count();
        if (failed > 0) {
            log.warn("{} of {} plugin files failed to load", failed, rows.size());
            return 1;
        }
        return 0;
    }

    private void print(List<PluginRow> rows, PrintWriter out) {
        OutputFormat format = json ? OutputFormat.JSON : output;
        if (format != OutputFormat.TEXT) {
            out.print(format.data(rows));
            out.flush();
            return;
        }
        TextTable table = new TextTable("FILE", "NAME", "VERSION", "CATEGORY", "TYPES", "PROTOCOL", "PID",
                "CONNECTIONS", "STATE", "RESTARTS", "CAUSE");
        for (PluginRow row : rows) {
            table.row(row.file(), row.name(), row.version(), row.category(), row.typesText(),
                    row.protocolVersion(), row.pid(), row.connectionsText(), row.state(), row.restarts(), row.cause());
        }
        table.print(out);
    }
}
