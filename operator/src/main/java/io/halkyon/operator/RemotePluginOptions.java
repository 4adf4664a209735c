package io.halkyon.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.halkyon.operator.remote.KubernetesAccess;
import io.halkyon.operator.remote.OperatorNamespace;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.host.remote.RemoteAccess;
import io.halkyon.plugin.host.remote.RemotePluginServer;
import io.halkyon.plugin.host.PluginCallObserver;
import io.halkyon.plugin.host.remote.RemotePluginServerConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Where and how the operator accepts remote plugins (docs/remote-plugins.md): off unless
 * {@code --remote-plugins-listen} or {@code --remote-plugins-socket} is given. The server's call
 * timeout and message size limit are {@link PluginOptions}'s, as for child processes. Included
 * with {@code @Mixin RemotePluginOptions remote;}.
 */
public final class RemotePluginOptions {


    /** How tokens are checked. */
    enum Auth {
        /** TokenReview and SubjectAccessReview by the operator itself. */
        kubernetes,
        /** A kube-rbac-proxy in front checked them; only on a unix socket or loopback. */
        proxy
    }

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--remote-plugins-listen", paramLabel = "HOST:PORT",
            defaultValue = "${env:HALKYON_REMOTE_PLUGINS_LISTEN:-}",
            description = "Accept remote plugins on this TCP address (0.0.0.0:9443 for every interface; port 0: any"
                    + " free one). Plaintext only on loopback unless --remote-plugins-insecure; otherwise give"
                    + " --remote-plugins-tls-cert and --remote-plugins-tls-key. Env: HALKYON_REMOTE_PLUGINS_LISTEN."
                    + " Default: off.")
    private String listen;

    @Option(names = "--remote-plugins-socket", paramLabel = "PATH",
            defaultValue = "${env:HALKYON_REMOTE_PLUGINS_SOCKET:-}",
            description = "Accept remote plugins on this unix socket instead (for a kube-rbac-proxy sidecar in the same"
                    + " pod). Env: HALKYON_REMOTE_PLUGINS_SOCKET.")
    private Path socket;

    @Option(names = "--remote-plugins-tls-cert", paramLabel = "FILE",
            defaultValue = "${env:HALKYON_REMOTE_PLUGINS_TLS_CERT:-}",
            description = "Certificate chain (PEM) of the remote plugin server, read again when it changes"
                    + " (a cert-manager Secret). Env: HALKYON_REMOTE_PLUGINS_TLS_CERT.")
    private Path certFile;

    @Option(names = "--remote-plugins-tls-key", paramLabel = "FILE",
            defaultValue = "${env:HALKYON_REMOTE_PLUGINS_TLS_KEY:-}",
            description = "Private key (PEM) of that certificate. Env: HALKYON_REMOTE_PLUGINS_TLS_KEY.")
    private Path keyFile;

    @Option(names = "--remote-plugins-insecure", defaultValue = "${env:HALKYON_REMOTE_PLUGINS_INSECURE:-false}",
            description = "Allow plaintext on a non-loopback address (a TLS-terminating proxy in front)."
                    + " Env: HALKYON_REMOTE_PLUGINS_INSECURE.")
    private boolean insecure;

    @Option(names = "--remote-plugins-auth", paramLabel = "kubernetes|proxy",
            defaultValue = "${env:HALKYON_REMOTE_PLUGINS_AUTH:-kubernetes}",
            description = "kubernetes: the operator checks each plugin's token with a TokenReview and its right to"
                    + " register its name with a SubjectAccessReview (verb register, resource plugins.halkyon.io)."
                    + " proxy: a kube-rbac-proxy in front did; allowed only on --remote-plugins-socket or loopback."
                    + " Env: HALKYON_REMOTE_PLUGINS_AUTH. Default: ${DEFAULT-VALUE}.")
    private Auth auth;

    @Option(names = "--remote-plugins-audience", paramLabel = "AUDIENCE",
            defaultValue = "${env:HALKYON_REMOTE_PLUGINS_AUDIENCE:-" + KubernetesAccess.DEFAULT_AUDIENCE + "}",
            description = "Audience plugin tokens must be issued for (a projected ServiceAccount token). Empty: the API"
                    + " server's own, for plugins that send their pod's default token (which is then also good against"
                    + " the API server). Env: HALKYON_REMOTE_PLUGINS_AUDIENCE. Default: ${DEFAULT-VALUE}.")
    private String audience;

    @Option(names = "--remote-plugins-namespace", paramLabel = "NS",
            defaultValue = "${env:HALKYON_REMOTE_PLUGINS_NAMESPACE:-}",
            description = "Namespace of the permission to register (the SubjectAccessReview's). Env:"
                    + " HALKYON_REMOTE_PLUGINS_NAMESPACE. Default: the operator's own (POD_NAMESPACE, else the pod's"
                    + " service account namespace, else default).")
    private String namespace;

    @Option(names = "--remote-plugins-review-cache", paramLabel = "DURATION",
            description = "How long a review's answer is reused; open streams are checked again this often, so a"
                    + " revoked token or permission ends them within it. Env: HALKYON_REMOTE_PLUGINS_REVIEW_CACHE."
                    + " Default: ${DEFAULT-VALUE}.")
    private Duration reviewCache;

    @Option(names = "--remote-plugins-forget-after", paramLabel = "DURATION",
            description = "How long a remote plugin with no replica left stays listed (its Capabilities Failed,"
                    + " temporary) before it is forgotten. Env: HALKYON_REMOTE_PLUGINS_FORGET_AFTER."
                    + " Default: ${DEFAULT-VALUE}.")
    private Duration forgetAfter;

    /** Whether remote plugins are accepted at all. */
    public boolean enabled() {
        return !blank(listen) || socket != null && !socket.toString().isEmpty();
    }

    /**
     * Starts the server, checking tokens against the API server of {@code client}.
     *
     * @throws ParameterException naming the option when the options do not fit together, or the server
     *         cannot listen
     */
    public RemotePluginServer start(KubernetesClient client, PluginOptions plugins) {
        return start(client, plugins, PluginCallObserver.NONE);
    }

    /** As {@link #start(KubernetesClient, PluginOptions)}, reporting the remote plugins' calls to {@code calls}. */
    public RemotePluginServer start(KubernetesClient client, PluginOptions plugins, PluginCallObserver calls) {
        RemoteAccess access = auth == Auth.proxy ? RemoteAccess.trustingProxy()
                : new KubernetesAccess(client, blank(namespace) ? OperatorNamespace.current() : namespace.trim(),
                blank(audience) ? List.of() : List.of(audience.trim()));
        try {
            return RemotePluginServer.start(config(access, plugins, calls));
        } catch (PluginException e) {
            throw usage(e.getMessage());
        }
    }

    /**
     * Checks that the options fit together, before anything starts.
     *
     * @throws ParameterException naming the option
     */
    public void validate(PluginOptions plugins) {
        if (enabled()) {
            config(RemoteAccess.trustingProxy(), plugins, PluginCallObserver.NONE);
        }
    }

    private RemotePluginServerConfig config(RemoteAccess access, PluginOptions plugins, PluginCallObserver calls) {
        RemotePluginServerConfig.Builder config = RemotePluginServerConfig.builder(access)
                .callObserver(calls)
                .callTimeout(plugins.callTimeout())
                .maxMessageSize(plugins.maxMessageSize())
                .allowInsecure(insecure)
                .reviewCacheTime(reviewCache)
                .forgetAfter(forgetAfter);
        if (socket != null && !socket.toString().isEmpty()) {
            config.unixSocket(socket.toAbsolutePath());
        } else {
            config.address(address());
        }
        boolean cert = certFile != null && !certFile.toString().isEmpty();
        boolean key = keyFile != null && !keyFile.toString().isEmpty();
        if (cert != key) {
            throw usage("--remote-plugins-tls-cert and --remote-plugins-tls-key go together");
        }
        if (cert) {
            config.tls(certFile, keyFile);
        }
        RemotePluginServerConfig built;
        try {
            built = config.build();
        } catch (IllegalArgumentException e) {
            throw usage("--remote-plugins-listen: " + e.getMessage() + " (--remote-plugins-tls-cert/-key, or"
                    + " --remote-plugins-insecure)");
        }
        if (auth == Auth.proxy && built.address().filter(a -> !a.getAddress().isLoopbackAddress()).isPresent()) {
            throw usage("--remote-plugins-auth=proxy trusts whoever connects: listen on --remote-plugins-socket or a"
                    + " loopback address, behind the proxy");
        }
        return built;
    }

    private InetSocketAddress address() {
        try {
            return HostPort.parse("--remote-plugins-listen", listen);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(command.commandLine(), message);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
