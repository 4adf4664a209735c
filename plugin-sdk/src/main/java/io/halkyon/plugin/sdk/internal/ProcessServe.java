package io.halkyon.plugin.sdk.internal;

import io.halkyon.plugin.api.PluginProtocol;
import io.halkyon.plugin.api.PluginResource;
import io.halkyon.plugin.proto.internal.net.EventLoops;
import io.halkyon.plugin.sdk.PluginNetwork;
import io.halkyon.plugin.sdk.ServeConfig;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole life of a plugin process: cookie, stdout rerouting and logging, version,
 * listener, stop paths, handshake line; then it waits until a stop path exits the JVM.
 *
 * <p>Exit status 0 after any stop (Shutdown RPC, SIGTERM, launching process gone); 1 when
 * the plugin cannot start (no cookie, no common version, bad configuration, cannot listen).
 */
public final class ProcessServe {

    private static final Logger log = LoggerFactory.getLogger(ProcessServe.class);

    /** Exit status of a plugin that could not start. */
    public static final int EXIT_FAILED = 1;

    private final ServeConfig config;
    private final Map<String, String> env;
    private final Optional<ProcessHandle> parent;
    private final StopPaths stops = new StopPaths();
    private PluginRuntime runtime;

    private ProcessServe(ServeConfig config, Map<String, String> env, Optional<ProcessHandle> parent) {
        this.config = config;
        this.env = env;
        this.parent = parent;
    }

    /**
     * Never returns: the JVM exits with 0 after a stop, 1 when it cannot start.
     *
     * @param resource a Capability resource to serve as the config's plugin sets, or null
     */
    public static void run(PluginResource resource, ServeConfig config) {
        // Captured first: the watch must know who launched us, before anything can be slow.
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        Map<String, String> env = System.getenv();
        if (!Handshake.hasCookie(env, config.cookieKey(), config.cookieValue())) {
            System.err.print(Handshake.NOT_A_PROGRAM_MESSAGE);
            System.err.flush();
            System.exit(EXIT_FAILED);
        }
        StdoutRouter stdout = setUpStreams();
        ServeConfig effective = config;
        if (resource != null) {
            try {
                effective = CapabilityServing.configure(resource, config);
            } catch (IllegalArgumentException e) {
                fail(CapabilityServing.name(resource, config), e.getMessage(), e.getCause());
            }
        } else if (config.plugins().isEmpty()) {
            fail(config.name(), "nothing to serve: ServeConfig has no plugin set (ServeConfig.Builder.plugins)", null);
        }
        new ProcessServe(effective, env, parent).serve(stdout);
    }

    /**
     * java.util.logging into SLF4J, and stdout kept for the handshake line alone. System.err
     * becomes the real stderr (fd 2) behind one lock, which log lines written on System.err (by
     * the go-plugin JSON provider, or logback's console) share with plugin code's prints.
     */
    private static StdoutRouter setUpStreams() {
        JulBridge.install();
        PrintStream stderr = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        // From here on stdout is ours alone: plugin code printing while we start (or from
        // another thread) goes to stderr, and only the handshake line reaches fd 1.
        StdoutRouter stdout = new StdoutRouter(stderr);
        System.out.flush();
        System.err.flush();
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(stderr);
        return stdout;
    }

    private void serve(StdoutRouter stdout) {
        String name = config.name();
        int appVersion = negotiate(name);
        PluginNetwork network = network(name);
        PluginTls tls = null;
        try {
            tls = PluginTls.fromEnvironment(env);
        } catch (RuntimeException e) {
            fail(name, CallGuard.describe(e), null);
        }

        try {
            runtime = PluginRuntime.start(appVersion, config, network, env, stdout, tls,
                    () -> stops.requestStop("Shutdown RPC", true));
        } catch (IOException | RuntimeException e) {
            fail(name, "cannot serve: " + CallGuard.describe(e), e);
        }
        stops.install(runtime, name, parent, env, config.parentCheckInterval());

        try {
            Handshake.writeToStdout(runtime.handshakeLine());
        } catch (IOException e) {
            runtime.stop("cannot write the handshake line", false);
            fail(name, "cannot write the handshake line to stdout: " + e.getMessage(), e);
        }
        log.info("plugin '{}' serving app protocol version {} on {} {}{}", name, appVersion,
                runtime.network().wireName(), runtime.address(), tls == null ? "" : " with AutoMTLS");
        awaitForever();
    }

    private int negotiate(String name) {
        try {
            return VersionNegotiator.negotiate(config.appVersions(), env.get(PluginProtocol.ENV_PROTOCOL_VERSIONS),
                    warning -> log.warn("plugin '{}': {}", name, warning));
        } catch (VersionNegotiator.NoCommonVersionException e) {
            fail(name, e.getMessage(), null);
            return -1; // unreachable
        }
    }

    private PluginNetwork network(String name) {
        PluginNetwork requested = config.network();
        String value = env.get(PluginProtocol.ENV_NETWORK);
        if (value != null && !value.isBlank()) {
            switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "unix":
                    requested = PluginNetwork.UNIX;
                    break;
                case "tcp":
                    requested = PluginNetwork.TCP;
                    break;
                default:
                    fail(name, PluginProtocol.ENV_NETWORK + "='" + value + "': expected unix or tcp", null);
            }
        }
        if (requested == PluginNetwork.UNIX && !EventLoops.unixSocketsAvailable()) {
            log.warn("plugin '{}': unix sockets need netty's native epoll transport, not available here; "
                    + "using tcp", name);
            return PluginNetwork.TCP;
        }
        return requested;
    }

    private static void fail(String name, String message, Throwable cause) {
        if (log.isErrorEnabled()) {
            log.error("plugin '{}' cannot start: {}", name, message, cause);
        } else {
            // No SLF4J provider (or logging off): the host still needs to read why, in a form it parses.
            System.err.println("[ERROR] plugin '" + name + "' cannot start: " + message
                    + (cause == null ? "" : " (" + cause + ")"));
        }
        System.exit(EXIT_FAILED);
    }

    private static void awaitForever() {
        CountDownLatch never = new CountDownLatch(1);
        while (true) {
            try {
                never.await();
            } catch (InterruptedException e) {
                // Keep waiting: only a stop path ends the process.
            }
        }
    }
}
