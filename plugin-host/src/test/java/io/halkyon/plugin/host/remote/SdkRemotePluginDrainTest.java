package io.halkyon.plugin.host.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import io.halkyon.plugin.api.PluginUnavailableException;
import io.halkyon.plugin.host.PluginState;
import io.halkyon.plugin.host.PluginStateChange;
import io.halkyon.plugin.sdk.remote.RemotePluginConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK's remote plugin against the real server: a rotated token and a close move or end the
 * stream without failing a call (docs/protocol.md 14.4, "Leaving cleanly" and "A rotated token").
 */
class SdkRemotePluginDrainTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final HeldHealth service = new HeldHealth();
    private final List<PluginStateChange> changes = new CopyOnWriteArrayList<>();
    private RemotePluginServer server;
    private Path tokenFile;
    private io.halkyon.plugin.sdk.remote.RemotePlugin sdkPlugin;

    /** Health: {@code Check} of service {@code held} waits until released; any other answers at once. */
    static final class HeldHealth extends HealthGrpc.HealthImplBase {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> out) {
            if (request.getService().equals("held")) {
                entered.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            out.onNext(HealthCheckResponse.newBuilder().setStatus(ServingStatus.SERVING).build());
            out.onCompleted();
        }
    }

    @BeforeEach
    void start() throws Exception {
        server = RemotePluginServer.start(RemotePluginServerConfig.builder(RemoteAccess.tokens(Map.of(
                "token-1", RemotePluginServerTest.PLUGIN_SA, "token-2", RemotePluginServerTest.PLUGIN_SA))).build());
        server.plugins().addStateListener(change -> {
            if (change.pluginName().equals("pg")) {
                changes.add(change);
            }
        });
        tokenFile = Files.writeString(dir.resolve("token"), "token-1");
        sdkPlugin = io.halkyon.plugin.sdk.remote.RemotePlugin.connect(RemotePluginConfig.builder().name("pg")
                .target(server.address()).plaintext().tokenFile(tokenFile).services(service)
                .tokenCheckInterval(Duration.ofMillis(50)).build());
    }

    @AfterEach
    void stop() {
        service.release.countDown();
        sdkPlugin.close();
        server.close();
    }

    private RemotePlugin awaitConnections(int n) {
        await().atMost(WAIT).until(() -> server.plugins().get("pg").map(p -> p.connectionCount() == n).orElse(false));
        return server.plugins().get("pg").orElseThrow();
    }

    private static ServingStatus check(RemotePlugin plugin, String service) {
        return plugin.connection().call("Check", () -> HealthGrpc.newBlockingStub(plugin.connection().channel())
                .check(HealthCheckRequest.newBuilder().setService(service).build())).getStatus();
    }

    private CompletableFuture<ServingStatus> holdACall(RemotePlugin plugin) throws InterruptedException {
        CompletableFuture<ServingStatus> held = CompletableFuture.supplyAsync(() -> check(plugin, "held"));
        assertThat(service.entered.await(20, TimeUnit.SECONDS)).as("the held call reached the service").isTrue();
        return held;
    }

    @Test
    void aRotatedTokenMovesThePluginToASecondStreamWithoutFailingACallOrLeavingRunning() throws Exception {
        RemotePlugin plugin = awaitConnections(1);
        CompletableFuture<ServingStatus> held = holdACall(plugin);

        Path next = Files.writeString(dir.resolve("token.next"), "token-2");
        Files.move(next, tokenFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        awaitConnections(2); // the second stream, with token-2, is admitted beside the first
        // The first has the held call in flight: this one goes to the second, which the SDK then takes as
        // accepted, and leaves the first.
        assertThat(check(plugin, "on-second")).isEqualTo(ServingStatus.SERVING);
        awaitConnections(1);
        assertThat(plugin.connections()).singleElement().satisfies(c -> assertThat(c.callsInFlight()).isZero());
        assertThat(held).as("the held call is still in flight on the stream being left").isNotDone();

        service.release.countDown();

        assertThat(held.get(20, TimeUnit.SECONDS)).isEqualTo(ServingStatus.SERVING);
        for (int i = 0; i < 3; i++) {
            assertThat(check(plugin, "after-" + i)).isEqualTo(ServingStatus.SERVING);
        }
        assertThat(plugin.state()).isEqualTo(PluginState.RUNNING);
        assertThat(sdkPlugin.connections()).isEqualTo(2);
        assertThat(sdkPlugin.state()).isEqualTo(io.halkyon.plugin.sdk.remote.RemotePlugin.State.REGISTERED);

        // Closing it is the first disconnect: every change before it has been told by then, in order.
        sdkPlugin.close();
        await().atMost(WAIT).until(() -> changes.size() >= 2);
        assertThat(changes).extracting(c -> c.from() + "->" + c.to())
                .containsExactly("STARTING->RUNNING", "RUNNING->DISCONNECTED");
    }

    @Test
    void closeWhileACallIsHeldAnswersItBeforeTheStreamEndsAndTheOperatorSendsItNoNewCall() throws Exception {
        RemotePlugin plugin = awaitConnections(1);
        CompletableFuture<ServingStatus> held = holdACall(plugin);

        CompletableFuture<Void> closing = CompletableFuture.runAsync(sdkPlugin::close);

        // The drain takes its only replica out of the balancing at once: new calls fail fast, retryable.
        await().atMost(WAIT).until(() -> plugin.state() == PluginState.DISCONNECTED);
        assertThatThrownBy(() -> check(plugin, "new")).isInstanceOf(PluginUnavailableException.class);
        assertThat(closing).as("close() waits for the held call").isNotDone();

        service.release.countDown();

        assertThat(held.get(20, TimeUnit.SECONDS)).isEqualTo(ServingStatus.SERVING);
        closing.get(20, TimeUnit.SECONDS);
        assertThat(plugin.state()).isEqualTo(PluginState.DISCONNECTED);
        await().atMost(WAIT).until(() -> changes.size() >= 2);
        assertThat(changes).extracting(c -> c.from() + "->" + c.to())
                .containsExactly("STARTING->RUNNING", "RUNNING->DISCONNECTED");
        assertThat(changes.get(1).cause()).hasMessageContaining("drained");
    }
}
