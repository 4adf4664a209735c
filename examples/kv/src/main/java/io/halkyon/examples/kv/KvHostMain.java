package io.halkyon.examples.kv;

import io.halkyon.plugin.host.PluginClient;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The KV host ({@code kv-host.jar}), the twin of go-plugin's example host (go/host):
 *
 * <pre>KV_PLUGIN="plugin command" java -jar kv-host.jar [--mtls] put KEY VALUE | get KEY ...</pre>
 *
 * Runs the commands in order against one plugin process and prints each Get's value on its own
 * line: stdout carries nothing else, so scripts can read it (logs and the negotiated version go
 * to stderr; {@code KV_LOG_LEVEL} sets the log level, default WARN). {@code KV_PLUGIN} is split
 * on spaces; without it the host runs {@code kv-plugin.jar} from its own directory with this JVM.
 * Exit status: 0, 1 on any error (one line on stderr), 2 for bad usage (checked before launching).
 * The plugin is always stopped before the host exits.
 */
public final class KvHostMain {

    static final String USAGE = "usage: [KV_PLUGIN=<plugin command>] java -jar kv-host.jar [--mtls]"
            + " put KEY VALUE | get KEY ...";
    private static final Logger log = LoggerFactory.getLogger(KvHostMain.class);

    private KvHostMain() {
    }

    public static void main(String[] args) {
        int status = run(Arrays.asList(args), System.getenv("KV_PLUGIN"), System.out, System.err);
        System.out.flush();
        System.exit(status);
    }

    static int run(List<String> args, String pluginCommand, PrintStream out, PrintStream err) {
        if (args.size() == 1 && (args.get(0).equals("-h") || args.get(0).equals("--help"))) {
            out.println(USAGE);
            return 0;
        }
        boolean mtls = !args.isEmpty() && args.get(0).equals("--mtls");
        List<KvCommand> commands;
        try {
            commands = KvCommand.parse(mtls ? args.subList(1, args.size()) : args);
        } catch (IllegalArgumentException e) {
            err.println("kv-host: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        List<String> command;
        try {
            command = pluginCommand(pluginCommand);
        } catch (IllegalStateException e) {
            err.println("kv-host: " + e.getMessage());
            return 1;
        }
        try (PluginClient client = PluginClient.start(KvKinds.config(command).name(pluginName(command))
                .autoMtls(mtls).build())) {
            err.println("negotiated app protocol version " + client.protocolVersion());
            KV kv = KvKinds.dispense(client);
            for (KvCommand c : commands) {
                if (c.get()) {
                    out.println(new String(kv.get(c.key()), StandardCharsets.UTF_8));
                    out.flush();
                } else {
                    kv.put(c.key(), c.value().getBytes(StandardCharsets.UTF_8));
                }
            }
            return 0;
        } catch (RuntimeException e) {
            log.debug("kv-host failed", e);
            err.println("kv-host: " + e.getMessage());
            return 1;
        }
    }

    /** {@code KV_PLUGIN} split on spaces, or {@code <this JVM's java> -jar <this jar's directory>/kv-plugin.jar}. */
    static List<String> pluginCommand(String env) {
        if (env != null && !env.isBlank()) {
            return List.of(env.trim().split("\\s+"));
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-jar", ownDirectory().resolve("kv-plugin.jar").toString());
    }

    /** The plugin's name in logs and errors: its jar's file name, else its program's ({@code go-kv-plugin}). */
    static String pluginName(List<String> command) {
        String name = command.stream().filter(a -> a.toLowerCase(Locale.ROOT).endsWith(".jar")).findFirst()
                .orElse(command.get(0));
        Path file = Path.of(name).getFileName();
        String base = file == null ? name : file.toString();
        return base.toLowerCase(Locale.ROOT).endsWith(".jar") ? base.substring(0, base.length() - 4) : base;
    }

    private static Path ownDirectory() {
        try {
            Path jar = Path.of(KvHostMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.toAbsolutePath().getParent();
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("KV_PLUGIN is not set and the directory of kv-host.jar is unknown ("
                    + e.getMessage() + "): set KV_PLUGIN to the plugin's command line", e);
        }
    }
}
