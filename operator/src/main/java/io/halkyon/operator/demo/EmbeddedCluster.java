package io.halkyon.operator.demo;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.halkyon.operator.crd.CrdManifests;
import io.halkyon.plugin.host.remote.PeerIdentity;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * A Kubernetes API server in this JVM: fabric8's mock server in CRUD mode (create, get, list,
 * watch, patch, delete; status subresources and discovery for installed CRDs), over plain HTTP
 * on a loopback port, with the generated CRDs installed and a {@code default} namespace. It has no
 * controllers: no kubelet (no pod ever runs, so workloads never become ready by themselves), no
 * garbage collector.
 *
 * <p>It answers TokenReviews and SubjectAccessReviews as a real API server would for one
 * ServiceAccount, {@value #DEMO_PLUGIN}: its token ({@link #demoPluginToken()}, random, made at
 * start) authenticates as {@link #demoPluginIdentity()}, with the audiences asked for, and that
 * identity may register any remote plugin name in namespace {@value #DEMO_PLUGIN_NAMESPACE} (verb
 * {@code register} on {@code plugins.halkyon.io}). Every other token is not authenticated, every
 * other review is denied.
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

    private EmbeddedCluster(KubernetesMockServer server, KubernetesClient client, DemoAccessReviews reviews) {
        this.server = server;
        this.client = client;
        this.reviews = reviews;
    }

    /** Starts the server, installs the CRDs and creates the {@code default} namespace. */
    public static EmbeddedCluster start() {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
        // One map of expectations for server and dispatcher: the server answers / and /version through it.
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        DemoAccessReviews reviews = new DemoAccessReviews();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
                new ReviewingDispatcher(expectations, reviews), false);
        server.init();
        KubernetesClient client = server.createClient();
        try {
            CrdManifests.install(client);
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("default").endMetadata()
                    .build()).create();
            return new EmbeddedCluster(server, client, reviews);
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
