package io.halkyon.operator.demo;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.halkyon.operator.crd.CrdManifests;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * A Kubernetes API server in this JVM: fabric8's mock server in CRUD mode (create, get, list,
 * watch, patch, delete; status subresources and discovery for installed CRDs), over plain HTTP
 * on a loopback port, with the generated CRDs installed and a {@code default} namespace. It has no
 * controllers: no kubelet (no pod ever runs, so workloads never become ready by themselves), no
 * garbage collector.
 */
public final class EmbeddedCluster implements AutoCloseable {

    /** The mock server logs every request through java.util.logging; kept strongly so the level holds. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    private EmbeddedCluster(KubernetesMockServer server, KubernetesClient client) {
        this.server = server;
        this.client = client;
    }

    /** Starts the server, installs the CRDs and creates the {@code default} namespace. */
    public static EmbeddedCluster start() {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
        // One map of expectations for server and dispatcher: the server answers / and /version through it.
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
                new KubernetesMixedDispatcher(expectations), false);
        server.init();
        KubernetesClient client = server.createClient();
        try {
            CrdManifests.install(client);
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("default").endMetadata()
                    .build()).create();
            return new EmbeddedCluster(server, client);
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

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
