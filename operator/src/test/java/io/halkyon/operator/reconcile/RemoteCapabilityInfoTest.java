package io.halkyon.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.halkyon.operator.crd.CapabilityInfo;
import io.halkyon.operator.crd.CapabilityInfoSpec;
import io.halkyon.operator.embedded.EmbeddedCluster;
import io.halkyon.operator.support.TestCluster;
import io.halkyon.operator.testplugin.TestPlugin;
import io.halkyon.plugin.api.TypeInfo;
import io.halkyon.plugin.host.PluginRegistry;
import io.halkyon.plugin.host.remote.PeerIdentity;
import io.halkyon.plugin.host.remote.RemoteAccess;
import io.halkyon.plugin.host.remote.RemotePluginServer;
import io.halkyon.plugin.host.remote.RemotePluginServerConfig;
import io.halkyon.plugin.sdk.remote.RemotePlugin;
import io.halkyon.plugin.sdk.remote.RemotePluginConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A remote plugin (SDK, in this JVM, over a real stream) and a local one in one merged source:
 * both get CapabilityInfos; the remote one's say how many replicas are connected and who they are.
 */
class RemoteCapabilityInfoTest {

    private static final PeerIdentity PLUGIN_SA = PeerIdentity.of("system:serviceaccount:tests:elsewhere");
    private EmbeddedCluster cluster;
    private RemotePluginServer server;

    @BeforeEach
    void start() {
        cluster = TestCluster.start();
        server = RemotePluginServer.start(RemotePluginServerConfig.builder(
                RemoteAccess.tokens(Map.of("elsewhere-token", PLUGIN_SA))).build());
    }

    @AfterEach
    void stop() {
        server.close();
        cluster.close();
    }

    private RemotePlugin replica() {
        return RemotePlugin.connect(RemotePluginConfig.builder().name("elsewhere").version("1.0.0")
                .target(server.address()).plaintext().staticToken("elsewhere-token")
                .capability(TestPlugin.resource("elsewhere")).build());
    }

    private CapabilityInfoSpec info(String name) {
        return cluster.client().resources(CapabilityInfo.class).withName(name).get().getSpec();
    }

    @Test
    void aRemotePluginsCapabilityInfoShowsItsConnectionsAndIdentitiesBesideALocalPlugin() {
        FakePlugin local = new FakePlugin("db", "database", List.of(TypeInfo.of("postgres", "16")));
        MergedPluginSource source = new MergedPluginSource(PluginSource.fixed(PluginRegistry.of(List.of(local))),
                server.plugins());
        try (CapabilityInfoSync sync = new CapabilityInfoSync(cluster.client(), source);
             RemotePlugin first = replica()) {
            await().until(() -> source.registry().find("test", "elsewhere").isPresent());
            sync.syncNow();
            assertThat(info("test-elsewhere").getConnections()).isEqualTo(1);
            assertThat(info("test-elsewhere").getIdentities()).containsExactly(PLUGIN_SA.username());
            assertThat(info("test-elsewhere").getPlugin()).isEqualTo("test-elsewhere");
            assertThat(info("database-postgres").getConnections()).isNull();
            assertThat(info("database-postgres").getIdentities()).isNull();

            try (RemotePlugin second = replica()) {
                await().until(() -> server.plugins().get("elsewhere").orElseThrow().connectionCount() == 2);
                sync.syncNow();
                assertThat(info("test-elsewhere").getConnections()).isEqualTo(2);
            }
        }
    }
}
