package io.halkyon.plugin.proto.internal.broker;

import static io.halkyon.plugin.proto.internal.broker.BrokerPair.check;
import static io.halkyon.plugin.proto.internal.broker.BrokerPair.health;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.halkyon.plugin.grpc.BrokerServer;
import io.halkyon.plugin.proto.internal.mtls.PluginCertificate;
import io.halkyon.plugin.proto.internal.mtls.TlsContexts;
import io.halkyon.plugin.proto.internal.net.ClientChannels;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker passes the AutoMTLS contexts through: both directions pin, a stranger is refused. */
class BrokerTlsTest {

    private final PluginCertificate host = PluginCertificate.generate();
    private final PluginCertificate plugin = PluginCertificate.generate();
    @TempDir
    Path sockets;
    private BrokerPair pair;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void brokeredConnectionsUseTlsBothWays() throws Exception {
        pair = BrokerPair.start(sockets, Duration.ofSeconds(5),
                TlsContexts.serverContext(plugin, host.certificate()),
                TlsContexts.clientContext(plugin, host.certificate()),
                TlsContexts.serverContext(host, plugin.certificate()),
                TlsContexts.clientContext(host, plugin.certificate()));
        try (BrokerServer fromHost = pair.host.acceptAndServe(1, health());
             BrokerServer fromPlugin = pair.plugin.acceptAndServe(1, health())) {
            ManagedChannel toHost = pair.plugin.dial(1);
            ManagedChannel toPlugin = pair.host.dial(1);
            assertThat(check(toHost)).isEqualTo(ServingStatus.SERVING);
            assertThat(check(toPlugin)).isEqualTo(ServingStatus.SERVING);
            ClientChannels.close(toHost);
            ClientChannels.close(toPlugin);

            ManagedChannel plaintext = ClientChannels.open(fromHost.network(), fromHost.address(),
                    BrokerPair.MAX_MESSAGE, null);
            assertThatThrownBy(() -> check(plaintext)).isInstanceOf(StatusRuntimeException.class);
            ClientChannels.close(plaintext);
            ManagedChannel stranger = ClientChannels.open(fromPlugin.network(), fromPlugin.address(),
                    BrokerPair.MAX_MESSAGE,
                    TlsContexts.clientContext(PluginCertificate.generate(), plugin.certificate()));
            assertThatThrownBy(() -> check(stranger)).isInstanceOf(StatusRuntimeException.class);
            ClientChannels.close(stranger);
        }
    }
}
