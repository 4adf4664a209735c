package io.halkyon.operator;

import io.halkyon.plugin.host.PluginClientConfig;
import io.halkyon.plugin.host.PluginNetwork;
import io.halkyon.plugin.host.PluginUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Options of every subcommand that loads plugins: where they are and how long they may take.
 * A subcommand includes them with {@code @Mixin PluginOptions plugins;}.
 */
public final class PluginOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--plugins-dir", paramLabel = "DIR", defaultValue = "${env:HALKYON_PLUGINS_DIR:-plugins}",
            description = "Directory holding the plugins. Every file in it but dot-files is loaded:"
                    + " a .jar runs with this JVM's java, any other file must be executable."
                    + " Env: HALKYON_PLUGINS_DIR. Default: ${DEFAULT-VALUE}.")
    private Path pluginsDir;

    @Option(names = "--start-timeout", paramLabel = "DURATION",
            description = "How long a plugin may take from launch to a completed handshake"
                    + " (e.g. 500ms, 3s, 1m). Env: HALKYON_PLUGIN_START_TIMEOUT. Default: ${DEFAULT-VALUE}.")
    private Duration startTimeout;

    @Option(names = "--call-timeout", paramLabel = "DURATION",
            description = "Deadline of every call to a plugin (e.g. 500ms, 3s, 1m)."
                    + " Env: HALKYON_PLUGIN_CALL_TIMEOUT. Default: ${DEFAULT-VALUE}.")
    private Duration callTimeout;

    @Option(names = "--max-message-size", paramLabel = "BYTES",
            description = "Largest gRPC message accepted from a plugin; a larger answer fails the call, naming the"
                    + " plugin. Env: HALKYON_PLUGIN_MAX_MESSAGE_SIZE. Default: ${DEFAULT-VALUE} (16 MiB).")
    private int maxMessageSize;

    @Option(names = "--plugin-env", paramLabel = "NAME[,NAME...]", split = ",",
            defaultValue = "${env:HALKYON_PLUGIN_ENV:-}",
            description = "Variables of the operator's environment that plugins inherit, besides PATH, HOME, USER,"
                    + " LANG, LANGUAGE, LC_*, TZ and TMPDIR (nothing else passes: deny by default). Exact names or"
                    + " prefixes ending in '*'. Env: HALKYON_PLUGIN_ENV.")
    private java.util.List<String> pluginEnv = new java.util.ArrayList<>();

    @Option(names = "--plugin-user", paramLabel = "UID[:GID]", defaultValue = "${env:HALKYON_PLUGIN_USER:-}",
            description = "Run plugins as this user (and group; default the same number), through util-linux"
                    + " setpriv: the operator needs CAP_SETUID and CAP_SETGID (in practice root). Plugins then"
                    + " listen on TCP loopback. Env: HALKYON_PLUGIN_USER. Default: the operator's user.")
    private String pluginUser;

    @Option(names = "--plugin-java-options", paramLabel = "OPTIONS",
            defaultValue = "${env:HALKYON_PLUGIN_JAVA_OPTIONS:-}",
            description = "JVM options for .jar plugins, space-separated (e.g. \"-Xmx128m -XX:+UseG1GC\"). Each"
                    + " replaces the default, or the option a plugin's manifest asks for, that sets the same thing"
                    + " (docs/admin-guide.md). Env: HALKYON_PLUGIN_JAVA_OPTIONS. Default: none over the defaults.")
    private String pluginJavaOptions;

    /** The plugins directory; a usage error (exit status 2) naming it when it is not a directory. */
    public Path existingPluginsDir() {
        Path dir = pluginsDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            String problem = Files.exists(dir) ? "is not a directory" : "does not exist";
            throw new ParameterException(command.commandLine(),
                    "plugins directory '" + dir + "' " + problem + " (set it with --plugins-dir)");
        }
        return dir;
    }

    /** The settings every plugin of the directory is launched with; the manager adds name and command. */
    public PluginClientConfig template() {
        try {
            PluginClientConfig.Builder builder = PluginClientConfig.builder();
            if (pluginUser != null && !pluginUser.isBlank()) {
                builder.runAs(PluginUser.parse(pluginUser)).network(PluginNetwork.TCP);
            }
            return builder
                    .startTimeout(startTimeout)
                    .callTimeout(callTimeout)
                    .maxMessageSize(maxMessageSize)
                    .javaOptions(pluginJavaOptions == null || pluginJavaOptions.isBlank() ? java.util.List.of()
                            : java.util.List.of(pluginJavaOptions.trim().split("\\s+")))
                    .inheritEnvironment(pluginEnv.stream().map(String::trim).filter(n -> !n.isEmpty())
                            .toArray(String[]::new))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), e.getMessage());
        }
    }

    /** The plugins directory as given, made absolute; it may not exist yet. */
    public Path pluginsDir() {
        return pluginsDir.toAbsolutePath().normalize();
    }

    public Duration startTimeout() {
        return startTimeout;
    }

    public Duration callTimeout() {
        return callTimeout;
    }

    public int maxMessageSize() {
        return maxMessageSize;
    }
}
