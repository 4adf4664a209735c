package io.halkyon.operator.embedded;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectRulesReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.halkyon.plugin.host.remote.PeerIdentity;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * A Kubernetes API server in this JVM: fabric8's mock server in CRUD mode (create, get, list,
 * watch, patch, delete; status subresources and discovery for installed CRDs), over plain HTTP
 * on a loopback port, with a {@code default} namespace and what the caller installs at start (the
 * operator's CRDs). It has no controllers: no kubelet (no pod ever runs, so workloads never become
 * ready by themselves), no garbage collector.
 *
 * <p>It answers TokenReviews and SubjectAccessReviews as a real API server would for one
 * ServiceAccount, {@value #DEMO_PLUGIN}: its token ({@link #demoPluginToken()}, random, made at
 * start) authenticates as {@link #demoPluginIdentity()}, with the audiences asked for, and that
 * identity has one {@link Permission} on any name in namespace {@value #DEMO_PLUGIN_NAMESPACE} (the
 * operator's: verb {@code register} on {@code plugins.halkyon.io}, any remote plugin name). Every
 * other token is not authenticated, every other review is denied.
 *
 * <p>Only for the demo jar, tests and benchmarks: this module and fabric8's mock server are not
 * part of the production operator jar.
 */
public final class EmbeddedCluster implements AutoCloseable {

    /** The mock server logs every request through java.util.logging; kept strongly so the level holds. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    /** The one ServiceAccount with a token, as namespace/name. */
    public static final String DEMO_PLUGIN = DemoAccessReviews.NAMESPACE + "/" + DemoAccessReviews.SERVICE_ACCOUNT;
    /** Where {@value #DEMO_PLUGIN} may register remote plugins: the namespace to check them in. */
    public static final String DEMO_PLUGIN_NAMESPACE = DemoAccessReviews.NAMESPACE;

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final DemoAccessReviews reviews;
    private final ReviewingDispatcher dispatcher;

    private EmbeddedCluster(KubernetesMockServer server, KubernetesClient client, DemoAccessReviews reviews,
                            ReviewingDispatcher dispatcher) {
        this.server = server;
        this.client = client;
        this.reviews = reviews;
        this.dispatcher = dispatcher;
    }

    /**
     * A request the server received, as it came: {@code path} with its query string,
     * {@code authorization} the header's value or null (the server checks no credentials; a test
     * tells its clients apart by them).
     */
    public record Request(String method, String path, String authorization) {
    }

    /**
     * What {@value #DEMO_PLUGIN} may do: {@code verb} on {@code resource} of API group {@code group},
     * in namespace {@value #DEMO_PLUGIN_NAMESPACE}, any name, no subresource.
     */
    public record Permission(String verb, String group, String resource) {
        public Permission {
            Objects.requireNonNull(verb, "verb");
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(resource, "resource");
        }
    }

    /**
     * Starts the server, creates the {@code default} namespace and calls {@code install} with a
     * client of it (to install CRDs), giving {@value #DEMO_PLUGIN} {@code demoPluginMay}.
     */
    public static EmbeddedCluster start(Consumer<KubernetesClient> install, Permission demoPluginMay) {
        Objects.requireNonNull(install, "install");
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
        // One map of expectations for server and dispatcher: the server answers / and /version through it.
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        DemoAccessReviews reviews = new DemoAccessReviews(Objects.requireNonNull(demoPluginMay, "demoPluginMay"));
        ReviewingDispatcher dispatcher = new ReviewingDispatcher(expectations, reviews);
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
                dispatcher, false);
        server.init();
        KubernetesClient client = server.createClient();
        try {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("default").endMetadata()
                    .build()).create();
            install.accept(client);
            return new EmbeddedCluster(server, client, reviews, dispatcher);
        } catch (RuntimeException e) {
            client.close();
            server.destroy();
            throw e;
        }
    }

    /** A client of this server; closed by {@link #close()}. */
    public KubernetesClient client() {
        return client;
    }

    /** The server's URL. */
    public String url() {
        return client.getConfiguration().getMasterUrl();
    }

    /**
     * Makes {@code listener} hear of every later request, on the server's threads, before it is
     * answered: a test records what a client asked for (its method and path), e.g. to check it
     * against RBAC rules. Listeners stay until {@link #close()}.
     */
    public void listen(Consumer<Request> listener) {
        dispatcher.listen(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Answers every later SelfSubjectRulesReview with {@code answer}'s status, given the request's
     * Authorization header (or null) and the review's namespace: a test gives a client the rules
     * of the RBAC it checks. Without it, everyone may do everything (this server has no RBAC).
     */
    public void answerRulesReviews(BiFunction<String, String, SubjectRulesReviewStatus> answer) {
        dispatcher.answerRulesReviews(Objects.requireNonNull(answer, "answer"));
    }

    /**
     * A kubeconfig of this server, for a client in another process (an operator started as a
     * real cluster would start it): context {@code embedded}, default namespace {@code namespace},
     * bearer {@code token} (this server checks none; a test may tell requests apart by it).
     */
    public String kubeconfig(String namespace, String token) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: embedded
                  cluster:
                    server: %s
                contexts:
                - name: embedded
                  context:
                    cluster: embedded
                    user: embedded-user
                    namespace: %s
                current-context: embedded
                users:
                - name: embedded-user
                  user:
                    token: %s
                """.formatted(url(), Objects.requireNonNull(namespace, "namespace"), Objects.requireNonNull(token, "token"));
    }

    /** The bearer token of {@value #DEMO_PLUGIN}: a remote plugin sending it is that ServiceAccount. */
    public String demoPluginToken() {
        return reviews.token();
    }

    /** Who {@link #demoPluginToken()} authenticates as: {@code system:serviceaccount:default:demo-plugin}. */
    public PeerIdentity demoPluginIdentity() {
        return reviews.identity();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
