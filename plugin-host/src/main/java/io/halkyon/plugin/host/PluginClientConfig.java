package io.halkyon.plugin.host;

import io.halkyon.plugin.api.PluginProtocol;
import io.halkyon.plugin.host.internal.ConfigChecks;
import io.halkyon.plugin.host.internal.JavaOptions;
import io.halkyon.plugin.host.internal.JavaRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How to launch and talk to one plugin process. Immutable; made with {@link #builder()}.
 *
 * <p>Defaults (the only place they are listed):
 * <table>
 *   <caption>Settings and their defaults</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code name}</td><td>the executable's file name without {@code .jar}, else the
 *       file name of the command's {@code -jar} argument or first element</td><td>used in every log line
 *       and error</td></tr>
 *   <tr><td>{@code command}</td><td>none: set {@link Builder#executable(Path)} or
 *       {@link Builder#command(List)}</td><td>a {@code .jar} runs as
 *       {@code <running JVM's java> <javaOptions> -jar plugin.jar} in a private directory where
 *       {@code plugin.jar} links to the file (unless {@code workingDirectory} is set), anything else is executed</td></tr>
 *   <tr><td>{@code javaOptions}</td><td>none</td><td>the admin's JVM options for a {@code .jar}
 *       plugin, over the defaults ({@code -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx64m -XX:NewRatio=7
 *       -Xss512k -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=32m -XX:-UsePerfData -Xshare:auto
 *       -Xlog:disable -Xlog:all=warning:stderr}, one netty arena of each kind) and over what the jar's
 *       manifest asks for ({@code Halkyon-Java-Options}, within an allowlist: docs/security.md). An
 *       option replaces the one that sets the same thing ({@code -Xmx1g} replaces {@code -Xmx64m},
 *       {@code -XX:+UseG1GC} the serial collector). A class data sharing archive {@code x.jsa}
 *       beside {@code x.jar} is used when it matches (see docs/admin-guide.md)</td></tr>
 *   <tr><td>{@code environment}</td><td>empty</td><td>set for the plugin, over what it inherits;
 *       the handshake variables are set last and win</td></tr>
 *   <tr><td>{@code inheritedEnvironment}</td><td>{@link #DEFAULT_INHERITED_ENVIRONMENT}</td><td>the only
 *       variables of the host's environment a plugin inherits (deny by default): exact names, or
 *       prefixes ending in {@code *}</td></tr>
 *   <tr><td>{@code workingDirectory}</td><td>the host's</td><td></td></tr>
 *   <tr><td>{@code cookie}</td><td>{@code HALKYON_CAPABILITY_PLUGIN=io.halkyon.capability.plugin}</td>
 *       <td>go-plugin's magic cookie</td></tr>
 *   <tr><td>{@code plugins}</td><td>{@link CapabilityPlugins#pluginSets()}: version 1, kind
 *       {@code capability}</td>
 *       <td>the plugin sets: per app protocol version, the {@link PluginKind}s that
 *       {@link PluginClient#dispense} can make (go-plugin's {@code VersionedPlugins}); the first
 *       call of {@link Builder#plugins(int, Map)} replaces the default</td></tr>
 *   <tr><td>{@code protocolVersions}</td><td>the versions of {@code plugins}, ascending</td><td>app
 *       versions offered in {@code PLUGIN_PROTOCOL_VERSIONS}</td></tr>
 *   <tr><td>{@code autoMtls}</td><td>false</td><td>go-plugin's AutoMTLS: a fresh certificate
 *       per launch in {@code PLUGIN_CLIENT_CERT}; the plugin must answer with its own, and both
 *       are pinned. A plugin that does not is refused at start</td></tr>
 *   <tr><td>{@code sha256}</td><td>none</td><td>the SHA-256 the executable file must have
 *       (go-plugin's {@code SecureConfig}); the host runs a private copy of what it hashed</td></tr>
 *   <tr><td>{@code minPort}..{@code maxPort}</td><td>10000..25000</td><td>TCP range offered</td></tr>
 *   <tr><td>{@code network}</td><td>{@link PluginNetwork#UNIX}</td><td>asked through
 *       {@code HALKYON_PLUGIN_NETWORK}</td></tr>
 *   <tr><td>{@code startTimeout}</td><td>1 minute</td><td>launch to handshake line; health
 *       check and GetInfo must also finish within it</td></tr>
 *   <tr><td>{@code callTimeout}</td><td>30 s</td><td>deadline of every plugin call</td></tr>
 *   <tr><td>{@code shutdownGrace}</td><td>2 s</td><td>after the Shutdown RPC, wait this long
 *       for the process to exit before SIGTERM</td></tr>
 *   <tr><td>{@code terminateGrace}</td><td>2 s</td><td>after SIGTERM, wait this long before
 *       SIGKILL</td></tr>
 *   <tr><td>{@code maxMessageSize}</td><td>16 MiB</td><td>largest gRPC message accepted (an answer
 *       over it fails the call with a {@code PluginException} naming the limit)</td></tr>
 *   <tr><td>{@code stderrLinesPerSecond}</td><td>200</td><td>most lines logged per second, for stderr
 *       and for stdout each; the rest are counted and summarized ("suppressed N stderr lines").
 *       Lines longer than 64 KiB are cut</td></tr>
 *   <tr><td>{@code runAs}</td><td>none: the host's user</td><td>the user and group the plugin runs as
 *       (through util-linux {@code setpriv}; the host needs {@code CAP_SETUID} and {@code CAP_SETGID},
 *       in practice root). Needs {@code network} TCP: a host without {@code CAP_DAC_OVERRIDE}
 *       could not reach a socket in a directory of the plugin's user</td></tr>
 *   <tr><td>{@code callObserver}</td><td>{@link PluginCallObserver#NONE}</td><td>told of every call to
 *       the plugin (method, outcome, duration), for metrics; a {@link PluginManager} template's observer
 *       sees the calls of every plugin of the directory</td></tr>
 * </table>
 *
 * <p><b>Credentials.</b> The host (an operator) usually holds credentials that plugins must not
 * use ({@code KUBECONFIG}, tokens, {@code user:token@} URLs...). A plugin inherits only the
 * variables listed in {@code inheritedEnvironment} (by default {@code PATH}, {@code HOME},
 * locale and time zone, {@code TMPDIR}), plus what {@code environment} sets and the handshake
 * variables; it is not told the host's pid. The environment is not the only way in: see
 * {@code docs/security.md} for the process hardening the host applies and what it cannot close
 * for child processes (files readable by the same user, such as a pod's service account token).
 *
 * <p>The defaults of {@code cookie}, {@code plugins} and so {@code protocolVersions} describe
 * Halkyon's Capability plugins; a host of another plugin interface sets all three.
 *
 * <p>{@link Builder#build()} throws {@link IllegalArgumentException} naming the bad field. A
 * config without a command is valid as a template (for {@link PluginManager}) but cannot be
 * started.
 */
public final class PluginClientConfig {

    /** The default {@code startTimeout}. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofMinutes(1);
    /** The default {@code callTimeout}. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(2);
    private static final Duration DEFAULT_TERMINATE_GRACE = Duration.ofSeconds(2);
    /** The default {@code maxMessageSize}: 16 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 16 * 1024 * 1024;
    private static final int DEFAULT_STDERR_LINES_PER_SECOND = 200;

    /**
     * The host variables a plugin inherits by default, and no others: {@code PATH}, {@code HOME},
     * {@code USER}, {@code LANG}, {@code LANGUAGE}, {@code LC_*}, {@code TZ} and {@code TMPDIR}.
     * Nothing that names a cluster, a credential or the host's configuration.
     */
    public static final List<String> DEFAULT_INHERITED_ENVIRONMENT = List.of("PATH", "HOME", "USER", "LANG",
            "LANGUAGE", "LC_*", "TZ", "TMPDIR");

    private final String name;
    private final List<String> command;
    private final Path executable;
    private final Map<String, String> environment;
    private final List<String> inheritedEnvironment;
    private final Path workingDirectory;
    private final String cookieKey;
    private final String cookieValue;
    private final List<Integer> protocolVersions;
    private final Map<Integer, Map<String, PluginKind<?>>> plugins;
    private final boolean autoMtls;
    private final String sha256;
    private final int minPort;
    private final int maxPort;
    private final PluginNetwork network;
    private final Duration startTimeout;
    private final Duration callTimeout;
    private final Duration shutdownGrace;
    private final Duration terminateGrace;
    private final int maxMessageSize;
    private final int stderrLinesPerSecond;
    private final PluginUser runAs;
    private final List<String> javaOptions;
    private final PluginCallObserver callObserver;

    private PluginClientConfig(Builder b) {
        this.command = List.copyOf(b.command);
        this.executable = b.executable;
        this.name = b.name != null ? b.name : defaultName(b.executable, command);
        this.environment = Map.copyOf(b.environment);
        this.inheritedEnvironment = List.copyOf(b.inheritedEnvironment);
        this.workingDirectory = b.workingDirectory;
        this.cookieKey = b.cookieKey;
        this.cookieValue = b.cookieValue;
        this.plugins = copy(b.plugins);
        this.protocolVersions = b.protocolVersions != null ? List.copyOf(b.protocolVersions)
                : List.copyOf(new TreeSet<>(b.plugins.keySet()));
        this.autoMtls = b.autoMtls;
        this.sha256 = b.sha256;
        this.minPort = b.minPort;
        this.maxPort = b.maxPort;
        this.network = b.network;
        this.startTimeout = b.startTimeout;
        this.callTimeout = b.callTimeout;
        this.shutdownGrace = b.shutdownGrace;
        this.terminateGrace = b.terminateGrace;
        this.maxMessageSize = b.maxMessageSize;
        this.stderrLinesPerSecond = b.stderrLinesPerSecond;
        this.runAs = b.runAs;
        this.javaOptions = List.copyOf(b.javaOptions);
        this.callObserver = b.callObserver;
    }

    /** A builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name.isEmpty() ? null : name;
        b.command = new ArrayList<>(command);
        b.executable = executable;
        b.environment = new LinkedHashMap<>(environment);
        b.inheritedEnvironment = new ArrayList<>(inheritedEnvironment);
        b.workingDirectory = workingDirectory;
        b.cookieKey = cookieKey;
        b.cookieValue = cookieValue;
        b.protocolVersions = new ArrayList<>(protocolVersions);
        b.plugins = new TreeMap<>(plugins);
        b.pluginsSet = true;
        b.autoMtls = autoMtls;
        b.sha256 = sha256;
        b.minPort = minPort;
        b.maxPort = maxPort;
        b.network = network;
        b.startTimeout = startTimeout;
        b.callTimeout = callTimeout;
        b.shutdownGrace = shutdownGrace;
        b.terminateGrace = terminateGrace;
        b.maxMessageSize = maxMessageSize;
        b.stderrLinesPerSecond = stderrLinesPerSecond;
        b.runAs = runAs;
        b.javaOptions = new ArrayList<>(javaOptions);
        b.callObserver = callObserver;
        return b;
    }

    /** The plugin's name in logs and errors; empty only for a template without a command. */
    public String name() {
        return name;
    }

    /** The command line; empty for a template. */
    public List<String> command() {
        return command;
    }

    /** The file set with {@link Builder#executable(Path)}, if the command came from one. */
    public Optional<Path> executable() {
        return Optional.ofNullable(executable);
    }

    /** Variables set for the plugin process, over what it inherits. */
    public Map<String, String> environment() {
        return environment;
    }

    /** Patterns of the only host variables the plugin inherits: exact names, or prefixes ending in {@code *}. */
    public List<String> inheritedEnvironment() {
        return inheritedEnvironment;
    }

    /** Whether the plugin inherits the host's variable {@code name}. */
    public boolean inherits(String name) {
        for (String pattern : inheritedEnvironment) {
            if (pattern.endsWith("*") ? name.startsWith(pattern.substring(0, pattern.length() - 1))
                    : name.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    public Optional<Path> workingDirectory() {
        return Optional.ofNullable(workingDirectory);
    }

    public String cookieKey() {
        return cookieKey;
    }

    public String cookieValue() {
        return cookieValue;
    }

    /** App protocol versions offered, in the order given. */
    public List<Integer> protocolVersions() {
        return protocolVersions;
    }

    /** The plugin sets, per app protocol version: kind name to kind. */
    public Map<Integer, Map<String, PluginKind<?>>> plugins() {
        return plugins;
    }

    /** Whether the host asks plugins for go-plugin's AutoMTLS. */
    public boolean autoMtls() {
        return autoMtls;
    }

    /** The SHA-256 (lower-case hex) the executable must have, if pinned. */
    public Optional<String> sha256() {
        return Optional.ofNullable(sha256);
    }

    public int minPort() {
        return minPort;
    }

    public int maxPort() {
        return maxPort;
    }

    public PluginNetwork network() {
        return network;
    }

    public Duration startTimeout() {
        return startTimeout;
    }

    public Duration callTimeout() {
        return callTimeout;
    }

    public Duration shutdownGrace() {
        return shutdownGrace;
    }

    public Duration terminateGrace() {
        return terminateGrace;
    }

    public int maxMessageSize() {
        return maxMessageSize;
    }

    /** Most stderr lines logged per second; the rest are counted and summarized. */
    public int stderrLinesPerSecond() {
        return stderrLinesPerSecond;
    }

    /** The user the plugin runs as, when not the host's. */
    public Optional<PluginUser> runAs() {
        return Optional.ofNullable(runAs);
    }

    /** The admin's JVM options for a {@code .jar} plugin, winning over the defaults and the plugin's. */
    public List<String> javaOptions() {
        return javaOptions;
    }

    /** Told of every call to the plugin ({@link PluginCallObserver#NONE} unless set). */
    public PluginCallObserver callObserver() {
        return callObserver;
    }

    @Override
    public String toString() {
        return "PluginClientConfig{name=" + name + ", command=" + command + ", network=" + network
                + ", protocolVersions=" + protocolVersions + ", plugins=" + plugins.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().keySet()).toList() + ", autoMtls=" + autoMtls
                + ", startTimeout=" + startTimeout
                + ", callTimeout=" + callTimeout + ", shutdownGrace=" + shutdownGrace
                + ", terminateGrace=" + terminateGrace + (javaOptions.isEmpty() ? "" : ", javaOptions=" + javaOptions)
                + '}';
    }

    private static Map<Integer, Map<String, PluginKind<?>>> copy(Map<Integer, Map<String, PluginKind<?>>> sets) {
        Map<Integer, Map<String, PluginKind<?>>> out = new TreeMap<>();
        sets.forEach((version, set) -> out.put(version, Collections.unmodifiableMap(new TreeMap<>(set))));
        return Collections.unmodifiableMap(out);
    }

    private static String defaultName(Path executable, List<String> command) {
        String file;
        if (executable != null) {
            file = executable.getFileName().toString();
        } else if (!command.isEmpty()) {
            // "java ... -jar x.jar": the plugin is the jar, not java.
            int jar = command.indexOf("-jar");
            String program = jar >= 0 && jar + 1 < command.size() ? command.get(jar + 1) : command.get(0);
            Path first = Path.of(program).getFileName();
            file = first == null ? program : first.toString();
        } else {
            return "";
        }
        return file.toLowerCase(Locale.ROOT).endsWith(".jar") ? file.substring(0, file.length() - 4) : file;
    }

    /** Builds a {@link PluginClientConfig}; every setter returns this builder. */
    public static final class Builder {

        private static final ConfigChecks CHECKS = new ConfigChecks("PluginClientConfig");

        private String name;
        private List<String> command = new ArrayList<>();
        private Path executable;
        private Map<String, String> environment = new LinkedHashMap<>();
        private List<String> inheritedEnvironment = new ArrayList<>(DEFAULT_INHERITED_ENVIRONMENT);
        private Path workingDirectory;
        private String cookieKey = PluginProtocol.MAGIC_COOKIE_KEY;
        private String cookieValue = PluginProtocol.MAGIC_COOKIE_VALUE;
        private List<Integer> protocolVersions;
        private Map<Integer, Map<String, PluginKind<?>>> plugins = new TreeMap<>(CapabilityPlugins.pluginSets());
        private boolean pluginsSet;
        private boolean autoMtls;
        private String sha256;
        private int minPort = PluginProtocol.DEFAULT_MIN_PORT;
        private int maxPort = PluginProtocol.DEFAULT_MAX_PORT;
        private PluginNetwork network = PluginNetwork.UNIX;
        private Duration startTimeout = DEFAULT_START_TIMEOUT;
        private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
        private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;
        private Duration terminateGrace = DEFAULT_TERMINATE_GRACE;
        private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private int stderrLinesPerSecond = DEFAULT_STDERR_LINES_PER_SECOND;
        private PluginUser runAs;
        private List<String> javaOptions = new ArrayList<>();
        private PluginCallObserver callObserver = PluginCallObserver.NONE;

        private Builder() {
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * The plugin file: a {@code .jar} (any case) runs as {@code <java> <options> -jar <file>} with
         * the running JVM's {@code java} (options: see {@link #javaOptions(List)}); anything else is
         * executed. Replaces any command set before.
         */
        public Builder executable(Path file) {
            Objects.requireNonNull(file, "executable");
            Path absolute = file.toAbsolutePath().normalize();
            this.executable = absolute;
            this.command = absolute.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar")
                    ? new ArrayList<>(List.of(JavaRuntime.javaExecutable(), "-jar", absolute.toString()))
                    : new ArrayList<>(List.of(absolute.toString()));
            return this;
        }

        /** The exact command line. Replaces any executable set before. */
        public Builder command(List<String> command) {
            this.command = new ArrayList<>(Objects.requireNonNull(command, "command"));
            this.executable = null;
            return this;
        }

        /** Replaces the extra environment variables. */
        public Builder environment(Map<String, String> environment) {
            this.environment = new LinkedHashMap<>(Objects.requireNonNull(environment, "environment"));
            return this;
        }

        /** Sets one variable for the plugin. */
        public Builder env(String key, String value) {
            this.environment.put(key, value);
            return this;
        }

        /**
         * Replaces the patterns of the host variables the plugin inherits (exact names, or
         * prefixes ending in {@code *}); an empty list passes none.
         */
        public Builder inheritedEnvironment(List<String> patterns) {
            this.inheritedEnvironment = new ArrayList<>(Objects.requireNonNull(patterns, "inheritedEnvironment"));
            return this;
        }

        /** Adds patterns to {@link #inheritedEnvironment(List)}. */
        public Builder inheritEnvironment(String... patterns) {
            this.inheritedEnvironment.addAll(Arrays.asList(patterns));
            return this;
        }

        public Builder workingDirectory(Path directory) {
            this.workingDirectory = directory;
            return this;
        }

        public Builder cookie(String key, String value) {
            this.cookieKey = key;
            this.cookieValue = value;
            return this;
        }

        /**
         * The app versions offered, in this order, instead of the versions of the plugin sets. A
         * version offered without a plugin set can be negotiated, but nothing can be dispensed.
         */
        public Builder protocolVersions(Integer... versions) {
            this.protocolVersions = new ArrayList<>(Arrays.asList(versions));
            return this;
        }

        /**
         * Adds the plugin set of app protocol version {@code version}: kind names to kinds. The
         * first call replaces the default (the Capability set); a second call for the same
         * version replaces that version's set.
         */
        public Builder plugins(int version, Map<String, ? extends PluginKind<?>> kinds) {
            Objects.requireNonNull(kinds, "plugins");
            if (!pluginsSet) {
                plugins = new TreeMap<>();
                pluginsSet = true;
            }
            plugins.put(version, new LinkedHashMap<>(kinds));
            return this;
        }

        /** One kind for app protocol version {@code version}, added to that version's set. */
        public Builder plugin(int version, String name, PluginKind<?> kind) {
            Map<String, PluginKind<?>> set = new LinkedHashMap<>(pluginsSet ? plugins.getOrDefault(version, Map.of())
                    : Map.of());
            set.put(name, kind);
            return plugins(version, set);
        }

        /** go-plugin's AutoMTLS (default off). */
        public Builder autoMtls(boolean on) {
            this.autoMtls = on;
            return this;
        }

        /**
         * Pins the executable file's SHA-256 (64 hex digits, any case): the host hashes the file
         * into a private copy and runs that copy only if the digest matches, so what runs is what
         * was hashed. Needs {@link #executable(Path)}; null removes the pin.
         */
        public Builder sha256(String hex) {
            this.sha256 = hex == null ? null : hex.toLowerCase(Locale.ROOT);
            return this;
        }

        public Builder portRange(int minPort, int maxPort) {
            this.minPort = minPort;
            this.maxPort = maxPort;
            return this;
        }

        public Builder network(PluginNetwork network) {
            this.network = network;
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        public Builder callTimeout(Duration timeout) {
            this.callTimeout = timeout;
            return this;
        }

        public Builder shutdownGrace(Duration grace) {
            this.shutdownGrace = grace;
            return this;
        }

        public Builder terminateGrace(Duration grace) {
            this.terminateGrace = grace;
            return this;
        }

        public Builder maxMessageSize(int bytes) {
            this.maxMessageSize = bytes;
            return this;
        }

        public Builder stderrLinesPerSecond(int lines) {
            this.stderrLinesPerSecond = lines;
            return this;
        }

        /**
         * The admin's JVM options for a {@code .jar} plugin set with {@link #executable(Path)}: each
         * one JVM option (starting with {@code -}, without spaces), replacing the default or the
         * plugin's option that sets the same thing. Not used with {@link #command(List)}.
         */
        public Builder javaOptions(List<String> options) {
            this.javaOptions = new ArrayList<>(Objects.requireNonNull(options, "javaOptions"));
            return this;
        }

        /** Runs the plugin as {@code user} (null: as the host's user). */
        public Builder runAs(PluginUser user) {
            this.runAs = user;
            return this;
        }

        /** Told of every call to the plugin, for metrics (see {@link PluginCallObserver}). */
        public Builder callObserver(PluginCallObserver observer) {
            this.callObserver = Objects.requireNonNull(observer, "callObserver");
            return this;
        }

        /** Validates and builds; the exception names the bad field and what was expected. */
        public PluginClientConfig build() {
            if (name != null && name.isBlank()) {
                throw CHECKS.bad("name", "must not be blank", name);
            }
            for (int i = 0; i < command.size(); i++) {
                if (command.get(i) == null || (i == 0 && command.get(i).isBlank())) {
                    throw CHECKS.bad("command", "must not contain a null or blank program", command);
                }
            }
            environment.forEach((k, v) -> {
                if (k == null || k.isEmpty() || k.contains("=") || v == null) {
                    throw CHECKS.bad("environment", "keys must be non-empty without '=', values non-null", k + "=" + v);
                }
            });
            for (String pattern : inheritedEnvironment) {
                if (pattern == null || pattern.isEmpty() || pattern.equals("*") || pattern.contains("=")
                        || pattern.indexOf('*') >= 0 && pattern.indexOf('*') != pattern.length() - 1) {
                    throw CHECKS.bad("inheritedEnvironment", "must hold variable names, or prefixes ending in a single"
                            + " '*' (not '*' alone: list what plugins need)", inheritedEnvironment);
                }
            }
            if (cookieKey == null || cookieKey.isBlank() || cookieKey.contains("=")) {
                throw CHECKS.bad("cookieKey", "must be a non-blank variable name without '='", cookieKey);
            }
            if (cookieValue == null || cookieValue.isEmpty()) {
                throw CHECKS.bad("cookieValue", "must not be empty", cookieValue);
            }
            List<Integer> offered = protocolVersions != null ? protocolVersions : new ArrayList<>(plugins.keySet());
            if (offered.isEmpty()) {
                throw CHECKS.bad(protocolVersions != null ? "protocolVersions" : "plugins",
                        "must offer at least one version", offered);
            }
            for (Integer v : offered) {
                if (v == null || v < 1) {
                    throw CHECKS.bad(protocolVersions != null ? "protocolVersions" : "plugins",
                            "versions must all be positive integers", offered);
                }
            }
            plugins.forEach((version, set) -> set.forEach((kind, impl) -> {
                if (kind == null || kind.isBlank() || impl == null) {
                    throw CHECKS.bad("plugins", "version " + version + " must map non-blank kind names to kinds",
                            set.keySet());
                }
            }));
            if (sha256 != null && !sha256.matches("[0-9a-f]{64}")) {
                throw CHECKS.bad("sha256", "must be 64 hexadecimal digits", sha256);
            }
            if (sha256 != null && executable == null && !command.isEmpty()) {
                throw CHECKS.bad("sha256", "needs executable(Path): the pinned digest is that file's", command);
            }
            if (minPort < 1 || minPort > 65535) {
                throw CHECKS.bad("minPort", "must be within 1..65535", minPort);
            }
            if (maxPort < 1 || maxPort > 65535) {
                throw CHECKS.bad("maxPort", "must be within 1..65535", maxPort);
            }
            if (minPort > maxPort) {
                throw CHECKS.bad("minPort", "must not exceed maxPort " + maxPort, minPort);
            }
            if (network == null) {
                throw CHECKS.bad("network", "must be UNIX or TCP", null);
            }
            CHECKS.positive("startTimeout", startTimeout);
            CHECKS.positive("callTimeout", callTimeout);
            CHECKS.notNegative("shutdownGrace", shutdownGrace);
            CHECKS.notNegative("terminateGrace", terminateGrace);
            if (maxMessageSize < 1024) {
                throw CHECKS.bad("maxMessageSize", "must be at least 1024 bytes", maxMessageSize);
            }
            if (stderrLinesPerSecond < 1) {
                throw CHECKS.bad("stderrLinesPerSecond", "must be at least 1", stderrLinesPerSecond);
            }
            for (String option : javaOptions) {
                String problem = JavaOptions.problem(option);
                if (problem != null) {
                    throw CHECKS.bad("javaOptions", "must hold JVM options: " + problem, javaOptions);
                }
            }
            if (runAs != null && network != PluginNetwork.TCP) {
                throw CHECKS.bad("runAs", "needs network TCP (a plugin of another user listens where the host may"
                        + " not reach a unix socket)", runAs);
            }
            return new PluginClientConfig(this);
        }



    }
}
