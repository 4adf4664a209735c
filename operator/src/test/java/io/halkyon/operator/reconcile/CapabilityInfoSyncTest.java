package io.halkyon.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.halkyon.operator.crd.CapabilityInfo;
import io.halkyon.operator.crd.CrdManifests;
import io.halkyon.plugin.api.TypeInfo;
import io.halkyon.plugin.host.PluginRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * CapabilityInfos against an API server (fabric8's mock, CRUD mode) that refuses one write, and a
 * registry holding what cannot name an object: each item is tried, the others are written.
 */
class CapabilityInfoSyncTest {

    private static final String INFOS = "/apis/halkyon.io/v1beta1/capabilityinfos";

    private final FakePlugin databases = new FakePlugin("db", "database",
            List.of(TypeInfo.of("postgres", "16"), TypeInfo.of("mysql")));
    private final FakePlugin caches = new FakePlugin("cache", "cache", List.of(TypeInfo.of("redis", "7")));
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(CapabilityInfoSync.class);
    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void startServer() {
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
                new KubernetesMixedDispatcher(expectations), false);
        server.init();
        client = server.createClient();
        CrdManifests.install(client);
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void stopServer() {
        logger.detachAppender(logs);
        client.close();
        server.destroy();
    }

    private void refuseNextCreate() {
        server.expect().post().withPath(INFOS).andReturn(422, new StatusBuilder().withStatus("Failure")
                .withCode(422).withReason("Invalid").withMessage("refused by an admission webhook").build()).once();
    }

    private List<String> names() {
        return client.resources(CapabilityInfo.class).list().getItems().stream().map(i -> i.getMetadata().getName())
                .sorted().toList();
    }

    @Test
    void oneObjectTheApiServerRefusesNeverStopsTheOthersAndIsWrittenOnTheNextSync() {
        refuseNextCreate();
        CapabilityInfoSync sync = new CapabilityInfoSync(client,
                PluginSource.fixed(PluginRegistry.of(List.of(databases, caches))));

        assertThatThrownBy(sync::syncNow).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("1 CapabilityInfo(s) not written: ");
        assertThat(names()).hasSize(2).isSubsetOf("cache-redis", "database-mysql", "database-postgres");
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).filteredOn(m -> m.contains("not written"))
                .singleElement().asString().matches("CapabilityInfo (cache-redis of plugin 'cache'|database-\\w+ of"
                        + " plugin 'db') not written, tried again in 10000 ms: .*refused by an admission webhook.*");

        sync.syncNow();
        assertThat(names()).containsExactly("cache-redis", "database-mysql", "database-postgres");
    }

    @Test
    void aRefusedObjectIsTriedAgainByItself() {
        refuseNextCreate();
        try (CapabilityInfoSync sync = new CapabilityInfoSync(client,
                PluginSource.fixed(PluginRegistry.of(List.of(databases, caches))), Duration.ofMillis(100))) {
            sync.start();

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> names().equals(List.of("cache-redis", "database-mysql", "database-postgres")));
        }
    }

    @Test
    void whatCannotNameAnObjectGetsNoneAndTheOthersAreWritten() {
        // A hand-made registry (the host refuses such plugins): a category with a path and a space,
        // and two pairs that both make the name a-b-c.
        FakePlugin evil = new FakePlugin("evil", "Evil/../Cat egory", List.of(TypeInfo.of("x")));
        FakePlugin first = new FakePlugin("first", "a-b", List.of(TypeInfo.of("c")));
        FakePlugin second = new FakePlugin("second", "a", List.of(TypeInfo.of("b-c")));
        CapabilityInfoSync sync = new CapabilityInfoSync(client,
                PluginSource.fixed(PluginRegistry.of(List.of(evil, caches, first, second))));

        sync.syncNow();

        assertThat(names()).containsExactly("a-b-c", "cache-redis");
        assertThat(client.resources(CapabilityInfo.class).withName("a-b-c").get().getSpec().getPlugin())
                .isEqualTo("first");
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).startsWith("plugin 'evil': a type gets no CapabilityInfo: no"
                        + " CapabilityInfo can be named after this category and type: metadata.name: Invalid value:"
                        + " \"evil/../cat egory-x\": a lowercase RFC 1123 subdomain must consist of"))
                .anySatisfy(m -> assertThat(m).isEqualTo("plugin 'second': a/b-c gets no CapabilityInfo: a-b-c is"
                        + " already a-b/c [] (plugin 'first' 1.0)"));
    }
}
