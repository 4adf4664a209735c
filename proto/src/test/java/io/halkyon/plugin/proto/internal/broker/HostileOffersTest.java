package io.halkyon.plugin.proto.internal.broker;

import static io.halkyon.plugin.proto.internal.broker.BrokerPair.check;
import static io.halkyon.plugin.proto.internal.broker.BrokerPair.health;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.stub.StreamObserver;
import io.halkyon.plugin.proto.goplugin.ConnInfo;
import io.halkyon.plugin.proto.goplugin.GRPCBrokerGrpc;
import io.halkyon.plugin.proto.internal.net.ClientChannels;
import io.halkyon.plugin.proto.internal.net.ServerListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A peer sending whatever it likes on the broker stream, straight onto the wire: bad
 * offers are dropped with a warning, a flood stays bounded, a later good offer still works.
 */
class HostileOffersTest {

    @TempDir
    Path sockets;
    private BrokerPair pair;
    private StreamObserver<ConnInfo> raw;
    private ServerListener target;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger intakeLog = (Logger) LoggerFactory.getLogger(OfferIntake.class);

    /** Replaces the host's stream with a raw one; offers expire after {@code dialTimeout}. */
    private void start(Duration dialTimeout) throws Exception {
        pair = BrokerPair.start(sockets, dialTimeout);
        pair.host.close(); // its stream goes; a raw one takes its place on the plugin
        await().until(() -> !pair.plugin.attached());
        raw = GRPCBrokerGrpc.newStub(pair.hostChannel).startStream(new StreamObserver<>() {
            @Override
            public void onNext(ConnInfo value) {
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
        });
        await().until(pair.plugin::attached);
        target = ServerListener.start(ServerListener.UNIX, pair.env, b -> b.addService(health()));
        logs.start();
        intakeLog.addAppender(logs);
    }

    @AfterEach
    void tearDown() throws Exception {
        intakeLog.detachAppender(logs);
        if (pair == null) {
            return;
        }
        raw.onCompleted();
        target.server().shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        target.release();
        pair.close();
    }

    @Test
    void badOffersAreDroppedWithAWarningAndAGoodOneStillWorks() throws Exception {
        start(Duration.ofMillis(400));
        send(1, "udp", "127.0.0.1:53");
        send(2, "tcp", "10.0.0.1:80");
        send(3, "unix", "relative/plugin.sock");
        send(4, "unix", "/" + "a".repeat(100_000));
        send(5, "tcp", "127.0.0.1:99999");
        send(6, "unix", "/tmp/evil\nWARN forged line");
        send(7, ServerListener.UNIX, target.address());
        await().until(() -> pair.plugin.offersReceived() == 7);

        List<String> warnings = warnings();
        assertThat(warnings).hasSize(6).allSatisfy(line -> assertThat(line)
                .startsWith("plugin 'kv': broker: dropped a connection offer from the host for id ")
                .doesNotContain("\n"));
        assertThat(warnings.get(0)).endsWith("network 'udp' is neither unix nor tcp");
        assertThat(warnings.get(1)).contains("'10.0.0.1:80' is not on loopback");
        assertThat(warnings.get(2)).contains("'relative/plugin.sock' is not absolute");
        assertThat(warnings.get(3)).contains("address is 100001 characters long (at most 512)");
        assertThat(warnings.get(4)).contains("has no valid port");
        assertThat(warnings.get(5)).endsWith("address '/tmp/evil\\u000aWARN forged line' contains control characters");
        assertThat(pair.plugin.pendingOffers()).isEqualTo(1);

        ManagedChannel channel = pair.plugin.dial(7);
        assertThat(check(channel)).isEqualTo(ServingStatus.SERVING);
        ClientChannels.close(channel);
        assertThatThrownBy(() -> pair.plugin.dial(2)).hasMessageContaining("offered no connection for id 2");
    }

    @Test
    void aFloodOfOffersStaysWithinTheBoundAndTheLog() throws Exception {
        start(Duration.ofSeconds(2)); // long enough that none expires during the flood
        for (int id = 1; id <= 1000; id++) {
            send(id, "unix", "/tmp/nowhere/" + id + ".sock");
        }
        await().until(() -> pair.plugin.offersReceived() == 1000);
        assertThat(pair.plugin.pendingOffers()).isEqualTo(OfferIntake.MAX_PENDING_OFFERS);
        assertThat(warnings()).hasSize(OfferIntake.WARNINGS_PER_WINDOW)
                .allMatch(line -> line.endsWith("64 unclaimed offers are held already"));

        // Unclaimed offers expire after the dial timeout; then there is room again.
        await().atMost(Duration.ofSeconds(5)).until(() -> pair.plugin.pendingOffers() == 0);
        send(5000, ServerListener.UNIX, target.address());
        ManagedChannel channel = pair.plugin.dial(5000);
        assertThat(check(channel)).isEqualTo(ServingStatus.SERVING);
        ClientChannels.close(channel);
    }

    @Test
    void aSecondOfferForAnUnclaimedIdIsDroppedAndTheFirstKept() throws Exception {
        start(Duration.ofSeconds(2));
        send(4, ServerListener.UNIX, target.address());
        send(4, ServerListener.UNIX, "/tmp/elsewhere.sock");
        await().until(() -> pair.plugin.offersReceived() == 2);
        assertThat(warnings()).singleElement().asString().endsWith("an unclaimed offer for that id is held already");
        ManagedChannel channel = pair.plugin.dial(4);
        assertThat(check(channel)).isEqualTo(ServingStatus.SERVING);
        ClientChannels.close(channel);
    }

    private void send(int id, String network, String address) {
        raw.onNext(ConnInfo.newBuilder().setServiceId(id).setNetwork(network).setAddress(address).build());
    }

    private List<String> warnings() {
        return logs.list.stream().filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).toList();
    }
}
