package io.halkyon.plugin.proto.internal.broker;

import static io.halkyon.plugin.proto.internal.broker.BrokerPair.check;
import static io.halkyon.plugin.proto.internal.broker.BrokerPair.health;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.stub.StreamObserver;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.grpc.BrokerServer;
import io.halkyon.plugin.proto.goplugin.ConnInfo;
import io.halkyon.plugin.proto.goplugin.GRPCBrokerGrpc;
import io.halkyon.plugin.proto.internal.net.ClientChannels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two brokers over a real plugin connection (unix socket): both directions, timing, closing. */
class BrokerTest {

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
    void hostServesAndPluginDials() throws Exception {
        pair = BrokerPair.start(sockets, Duration.ofSeconds(5));
        int id = pair.host.nextId();
        assertThat(id).isEqualTo(1);
        try (BrokerServer server = pair.host.acceptAndServe(id, health())) {
            assertThat(server.id()).isEqualTo(id);
            assertThat(server.network()).isEqualTo("unix");
            assertThat(Path.of(server.address())).exists().startsWith(sockets);
            ManagedChannel channel = pair.plugin.dial(id);
            try {
                assertThat(check(channel)).isEqualTo(ServingStatus.SERVING);
            } finally {
                ClientChannels.close(channel);
            }
        }
    }

    @Test
    void pluginServesAndHostDials() throws Exception {
        pair = BrokerPair.start(sockets, Duration.ofSeconds(5));
        int id = pair.plugin.nextId();
        BrokerServer server = pair.plugin.acceptAndServe(id, health());
        ManagedChannel channel = pair.host.dial(id);
        try {
            assertThat(check(channel)).isEqualTo(ServingStatus.SERVING);
        } finally {
            ClientChannels.close(channel);
            server.close();
        }
        assertThat(Path.of(server.address())).doesNotExist();
    }

    @Test
    void aDialWaitingBeforeTheOfferGetsIt() throws Exception {
        pair = BrokerPair.start(sockets, Duration.ofSeconds(5));
        CompletableFuture<ManagedChannel> dialed = CompletableFuture.supplyAsync(() -> pair.plugin.dial(3));
        await().until(() -> pair.plugin.waitingDials() == 1);
        try (BrokerServer ignored = pair.host.acceptAndServe(3, health())) {
            ManagedChannel channel = dialed.get(5, TimeUnit.SECONDS);
            assertThat(check(channel)).isEqualTo(ServingStatus.SERVING);
            ClientChannels.close(channel);
        }
    }

    @Test
    void anOfferMadeBeforeTheDialIsClaimedWithinTheTimeout() throws Exception {
        pair = BrokerPair.start(sockets, Duration.ofSeconds(2));
        try (BrokerServer ignored = pair.host.acceptAndServe(9, health())) {
            await().until(() -> pair.plugin.pendingOffers() == 1);
            Thread.sleep(500);
            ManagedChannel channel = pair.plugin.dial(9);
            assertThat(check(channel)).isEqualTo(ServingStatus.SERVING);
            ClientChannels.close(channel);
            assertThat(pair.plugin.pendingOffers()).isZero();
        }
    }

    @Test
    void dialTimesOutNamingPluginPeerAndId() throws Exception {
        pair = BrokerPair.start(sockets, Duration.ofMillis(300));
        long start = System.nanoTime();
        assertThatThrownBy(() -> pair.plugin.dial(42))
                .isInstanceOf(PluginException.class)
                .hasMessage("plugin 'kv': broker: the host offered no connection for id 42 within 300ms")
                .satisfies(e -> assertThat(((PluginException) e).pluginName()).isEqualTo("kv"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
        assertThatThrownBy(() -> pair.host.dial(-1))
                .hasMessage("plugin 'kv': broker: the plugin offered no connection for id 4294967295 within 300ms");
    }

    @Test
    void anUnclaimedOfferExpiresAfterTheDialTimeout() throws Exception {
        pair = BrokerPair.start(sockets, Duration.ofMillis(300));
        try (BrokerServer ignored = pair.host.acceptAndServe(5, health())) {
            await().pollInterval(Duration.ofMillis(10)).until(() -> pair.plugin.pendingOffers() == 1);
            await().atMost(Duration.ofSeconds(2)).until(() -> pair.plugin.pendingOffers() == 0);
            assertThatThrownBy(() -> pair.plugin.dial(5)).hasMessageContaining("offered no connection for id 5");
        }
    }

    @Test
    void closeStopsServersAndLaterCallsFailClearly() throws Exception {
        pair = BrokerPair.start(sockets, Duration.ofSeconds(2));
        BrokerServer first = pair.host.acceptAndServe(pair.host.nextId(), health());
        BrokerServer second = pair.host.acceptAndServe(pair.host.nextId(), health());
        ManagedChannel channel = pair.plugin.dial(first.id());
        assertThat(check(channel)).isEqualTo(ServingStatus.SERVING);

        pair.host.close();
        pair.host.close(); // idempotent

        assertThat(Path.of(first.address())).doesNotExist();
        assertThat(Path.of(second.address())).doesNotExist();
        assertThat(Path.of(first.address()).getParent()).doesNotExist();
        assertThatThrownBy(() -> check(channel)).isInstanceOf(StatusRuntimeException.class);
        ClientChannels.close(channel);
        assertThatThrownBy(() -> pair.host.dial(7)).isInstanceOf(PluginException.class)
                .hasMessage("plugin 'kv': broker: closed (the connection to the plugin has ended); cannot dial id 7");
        assertThatThrownBy(() -> pair.host.acceptAndServe(8, health())).isInstanceOf(PluginException.class)
                .hasMessage("plugin 'kv': broker: closed (the connection to the plugin has ended); cannot accept id 8");
        // The plugin sees its stream end; its own servers are its to stop.
        await().until(() -> !pair.plugin.attached());
        try (var files = Files.list(sockets)) {
            assertThat(files.count()).isEqualTo(1); // only the plugin connection's own socket directory
        }
    }

    @Test
    void closeFailsAWaitingDialAtOnce() throws Exception {
        pair = BrokerPair.start(sockets, Duration.ofSeconds(5));
        CompletableFuture<ManagedChannel> dialed = CompletableFuture.supplyAsync(() -> pair.plugin.dial(11));
        await().until(() -> pair.plugin.waitingDials() == 1);
        long start = System.nanoTime();
        pair.plugin.close();
        assertThatThrownBy(() -> dialed.get(2, TimeUnit.SECONDS)).hasCauseInstanceOf(PluginException.class)
                .hasMessageContaining("plugin 'kv': broker: closed").hasMessageContaining("cannot dial id 11");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void acceptAndServeWithoutAStreamFailsAfterTheTimeout() throws Exception {
        Broker lonely = new Broker("kv", "host", java.util.Map.of(), "unix", null, null, Duration.ofMillis(200),
                BrokerPair.MAX_MESSAGE);
        assertThatThrownBy(() -> lonely.acceptAndServe(1, health())).isInstanceOf(PluginException.class)
                .hasMessage("plugin 'kv': broker: cannot offer id 1: no broker stream with the host within 200ms");
        lonely.close();
    }

    @Test
    void theHostFailsAtOnceWhenThePluginHasNoBroker() throws Exception {
        pair = BrokerPair.start(sockets, Duration.ofSeconds(5));
        var noBroker = io.halkyon.plugin.proto.internal.net.ServerListener.start("unix", pair.env,
                b -> b.addService(health()));
        ManagedChannel channel = ClientChannels.open("unix", noBroker.address(), BrokerPair.MAX_MESSAGE, null);
        Broker host = new Broker("go-kv", "plugin", pair.env, "unix", null, null, Duration.ofSeconds(5),
                BrokerPair.MAX_MESSAGE);
        try {
            host.connect(channel);
            await().until(() -> !host.attached());
            long start = System.nanoTime();
            assertThatThrownBy(() -> host.acceptAndServe(1, health())).isInstanceOf(PluginException.class)
                    .hasMessageStartingWith("plugin 'go-kv': broker: cannot offer id 1: the broker stream with the "
                            + "plugin has ended (UNIMPLEMENTED");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        } finally {
            host.close();
            ClientChannels.close(channel);
            noBroker.server().shutdownNow();
            noBroker.release();
        }
    }

    @Test
    void aSecondStreamIsRefusedAndTheFirstKeepsWorking() throws Exception {
        pair = BrokerPair.start(sockets, Duration.ofSeconds(5));
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        GRPCBrokerGrpc.newStub(pair.hostChannel).startStream(new StreamObserver<>() {
            @Override
            public void onNext(ConnInfo value) {
            }

            @Override
            public void onError(Throwable t) {
                ended.complete(t);
            }

            @Override
            public void onCompleted() {
                ended.complete(null);
            }
        });
        assertThat(Status.fromThrowable(ended.get(5, TimeUnit.SECONDS)).getCode())
                .isEqualTo(Status.Code.ALREADY_EXISTS);
        try (BrokerServer ignored = pair.plugin.acceptAndServe(1, health())) {
            ManagedChannel channel = pair.host.dial(1);
            assertThat(check(channel)).isEqualTo(ServingStatus.SERVING);
            ClientChannels.close(channel);
        }
    }
}
