package io.halkyon.plugin.host.internal;

import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.PluginProtocol;
import io.halkyon.plugin.host.PluginClientConfig;
import io.halkyon.plugin.host.PluginNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Starts the plugin process with go-plugin's handshake environment, confined as
 * {@link Confinement} says, in its own session and process group through {@code setsid} when
 * available (setpriv and setsid exec in place, so the pid is the plugin's). Stdin is a pipe the
 * host never writes to and closes when done, whose end tells an SDK plugin that the host is gone
 * ({@code HALKYON_PLUGIN_STDIN_WATCH}). A plugin on a unix socket gets a private directory of the host's as
 * {@code PLUGIN_UNIX_SOCKET_DIR}, removed with its {@link ProcessTree} once it is gone.
 */
public final class Launcher {

    private static final String SETSID = Files.isExecutable(Path.of("/usr/bin/setsid")) ? "/usr/bin/setsid"
            : Files.isExecutable(Path.of("/bin/setsid")) ? "/bin/setsid" : null;

    private Launcher() {
    }

    /**
     * @param clientCertPem the host's certificate for {@code PLUGIN_CLIENT_CERT} (AutoMTLS), or null
     */
    public static LaunchedProcess launch(PluginClientConfig config, String clientCertPem) {
        List<String> command = config.command();
        if (command.isEmpty()) {
            throw new PluginException(config.name(), "plugin '" + config.name()
                    + "': no command to run: set PluginClientConfig.executable(Path) or command(List)");
        }
        String program = command.get(0);
        if (program.contains("/") && !Files.isExecutable(Path.of(program))) {
            throw new PluginException(config.name(), "plugin '" + config.name() + "': cannot launch " + program
                    + ": " + (Files.exists(Path.of(program)) ? "not executable" : "no such file"));
        }
        Confinement.hardenHost();
        List<String> prefix = Confinement.prefix(config);
        Path copy = config.sha256().isPresent() && config.executable().isPresent()
                ? VerifiedExecutable.copy(config.name(), config.executable().get(), config.sha256().get()) : null;
        List<String> full = new ArrayList<>(prefix);
        if (SETSID != null) {
            full.add(SETSID);
        }
        ProcessBuilder pb = new ProcessBuilder();
        Map<String, String> env = pb.environment();
        Map<String, String> wanted = environment(env, config);
        env.clear();
        env.putAll(wanted);
        // Only what this launch asked for: an inherited certificate would make the plugin speak TLS.
        env.remove(PluginProtocol.ENV_CLIENT_CERT);
        if (clientCertPem != null) {
            env.put(PluginProtocol.ENV_CLIENT_CERT, clientCertPem);
        }
        boolean jar = config.executable().isPresent() && JarCommand.isJar(config.executable().get());
        boolean unixDir = config.network() == PluginNetwork.UNIX && !env.containsKey(PluginProtocol.ENV_UNIX_SOCKET_DIR);
        Path socketParent = null;
        try {
            // A plugin killed before it could clean up (or before the host learned its socket
            // path) would leave its socket directory behind: give it one of ours to remove.
            // A jar plugin runs in it too (JarCommand).
            if (unixDir || (jar && JarCommand.linksJar(config, copy != null))) {
                socketParent = Files.createTempDirectory("hk",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            if (unixDir) {
                env.put(PluginProtocol.ENV_UNIX_SOCKET_DIR, socketParent.toString());
            }
            if (jar) {
                JarCommand jarCommand = JarCommand.of(config, copy != null ? copy : config.executable().get(),
                        copy != null, socketParent);
                full.addAll(jarCommand.command());
                pb.directory(jarCommand.workingDirectory().toFile());
            } else {
                for (String arg : command) {
                    full.add(copy != null && arg.equals(config.executable().get().toString()) ? copy.toString() : arg);
                }
                config.workingDirectory().ifPresent(dir -> pb.directory(dir.toFile()));
            }
            pb.command(full);
            Process process = OwnProcesses.startPlugin(pb);
            return new LaunchedProcess(config, new ProcessTree(config.name(), process, SETSID != null, socketParent),
                    copy);
        } catch (IOException | RuntimeException e) {
            ProcessTree.deleteTree(socketParent);
            VerifiedExecutable.remove(copy);
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new PluginException(config.name(), "plugin '" + config.name() + "': cannot launch " + command
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * The plugin's environment: the host's variables ({@code inherited}) that the config lets
     * through, then the configured ones, then the handshake variables.
     */
    public static Map<String, String> environment(Map<String, String> inherited, PluginClientConfig config) {
        Map<String, String> env = new java.util.TreeMap<>();
        inherited.forEach((k, v) -> {
            if (config.inherits(k)) {
                env.put(k, v);
            }
        });
        env.putAll(config.environment());
        env.putAll(handshakeEnvironment(config));
        return env;
    }

    /**
     * The variables go-plugin's host sets, plus ours (network, and the stdin watch). Not the
     * host's pid: a plugin has no use for it but to look at the host.
     */
    public static Map<String, String> handshakeEnvironment(PluginClientConfig config) {
        return Map.of(
                config.cookieKey(), config.cookieValue(),
                PluginProtocol.ENV_PROTOCOL_VERSIONS, config.protocolVersions().stream()
                        .map(String::valueOf).collect(Collectors.joining(",")),
                PluginProtocol.ENV_MIN_PORT, String.valueOf(config.minPort()),
                PluginProtocol.ENV_MAX_PORT, String.valueOf(config.maxPort()),
                PluginProtocol.ENV_NETWORK, config.network().wireName(),
                PluginProtocol.ENV_STDIN_WATCH, "1");
    }
}
