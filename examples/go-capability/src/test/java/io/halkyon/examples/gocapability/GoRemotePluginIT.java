package io.halkyon.examples.gocapability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilitySpec;
import io.halkyon.plugin.api.DependentCondition;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.Parameter;
import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.PluginTimeoutException;
import io.halkyon.plugin.api.PluginUnavailableException;
import io.halkyon.plugin.host.CapabilityPlugins;
import io.halkyon.plugin.host.PluginClient;
import io.halkyon.plugin.host.PluginClientConfig;
import io.halkyon.plugin.host.PluginState;
import io.halkyon.plugin.host.remote.PeerIdentity;
import io.halkyon.plugin.host.remote.RemoteAccess;
import io.halkyon.plugin.host.remote.RemoteConnection;
import io.halkyon.plugin.host.remote.RemotePlugin;
import io.halkyon.plugin.host.remote.RemotePluginServer;
import io.halkyon.plugin.host.remote.RemotePluginServerConfig;
import io.halkyon.plugin.proto.capability.v1.BuildResponse;
import io.halkyon.plugin.proto.capability.v1.CapabilityPluginGrpc;
import io.halkyon.plugin.proto.capability.v1.DependentKey;
import io.halkyon.plugin.proto.capability.v1.DependentRequest;
import io.halkyon.plugin.proto.internal.mtls.PluginCertificate;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote plugin in another language, written from docs/protocol.md section 14 and stream.proto
 * alone (go/remote/main.go), against our {@link RemotePluginServer}: it registers with its token,
 * serves the same Capability as the go-plugin child process, concurrently, honours deadlines and
 * cancels, and reconnects by itself with backoff.
 */
class GoRemotePluginIT {

    private static final String TOKEN = "go-redis-token";
    private static final PeerIdentity GO_REDIS = PeerIdentity.of("system:serviceaccount:default:go-redis");
    private static final String BUILD_CALL = "call (\\S+) /halkyon\\.capability\\.v1\\.CapabilityPlugin/Build ";
    private static final Capability SESSIONS = Capability.of("sessions", "demo",
            new CapabilitySpec("cache", "redis", "6", List.of(new Parameter("maxmemory", "128mb"))));

    @TempDir
    Path dir;
    private final List<RemotePluginServer> servers = new ArrayList<>();
    private GoRemoteProcess go;
    private PluginClient child;
    private ExecutorService callers;

    @AfterEach
    void stopEverything() throws Exception {
        if (go != null) {
            go.close();
        }
        if (child != null) {
            child.kill();
        }
        if (callers != null) {
            callers.shutdownNow();
        }
        servers.forEach(RemotePluginServer::close);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive));
    }

    private RemotePluginServer serve(String token, int port) {
        return serve(RemotePluginServerConfig.builder(RemoteAccess.tokens(Map.of(token, GO_REDIS)))
                .address(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
    }

    private RemotePluginServer serve(RemotePluginServerConfig.Builder config) {
        RemotePluginServer server = RemotePluginServer.start(config.build());
        servers.add(server);
        return server;
    }

    /** Writes the token file as the kubelet does: the new content appears at once, whole. */
    private Path writeToken(String token) throws Exception {
        Path file = dir.resolve("token");
        Path next = Files.writeString(dir.resolve("token.next"), token + "\n");
        return Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private GoRemoteProcess launch(RemotePluginServer server, int buildDelayMillis) throws Exception {
        go = GoRemoteProcess.start(server.address(), writeToken(TOKEN), null, buildDelayMillis);
        return go;
    }

    private static RemotePlugin awaitRegistered(RemotePluginServer server) {
        await().atMost(Duration.ofSeconds(20)).until(() -> server.plugins().get("redis")
                .map(p -> p.connectionCount() == 1).orElse(false));
        return server.plugins().get("redis").orElseThrow();
    }

    private static Plugin capability(RemotePlugin plugin) {
        return plugin.plugin().orElseThrow();
    }

    private static DependentRequest buildDeploymentRequest() {
        return DependentRequest.newBuilder()
                .setOwner(ByteString.copyFromUtf8("{\"metadata\":{\"name\":\"sessions\",\"namespace\":\"demo\"}}"))
                .setDependent(DependentKey.newBuilder().setGroup("apps").setVersion("v1").setKind("Deployment")
                        .setName("sessions"))
                .build();
    }

    @Test
    void registersWithItsTokenAndServesTheSameCapabilityAsTheGoPluginChildProcess() throws Exception {
        RemotePluginServer server = serve(TOKEN, 0);
        launch(server, 0);
        RemotePlugin remote = awaitRegistered(server);
        go.awaitLine("connected; registering as redis 0\\.1\\.0 serving \\[halkyon\\.capability\\.v1\\.CapabilityPlugin\\], "
                + "extensions 1$");

        assertThat(remote.state()).isEqualTo(PluginState.RUNNING);
        assertThat(remote.version()).isEqualTo("0.1.0");
        assertThat(remote.connections()).singleElement().satisfies(c -> {
            assertThat(c.identity()).isEqualTo(GO_REDIS);
            assertThat(c.services()).containsExactly(CapabilityPluginGrpc.SERVICE_NAME);
            assertThat(c.version()).isEqualTo("0.1.0");
        });
        Plugin plugin = server.plugins().registry().require("cache", "redis", "7");
        assertThat(remote.plugin()).containsSame(plugin);
        assertThat(server.plugins().registry().stateOf(plugin)).contains(PluginState.RUNNING);

        child = PluginClient.start(PluginClientConfig.builder()
                .executable(GoToolchain.binaries().resolve("go-capability"))
                .startTimeout(Duration.ofSeconds(20))
                .build());
        Plugin local = CapabilityPlugins.dispense(child);
        assertThat(List.of(plugin.name(), plugin.version(), plugin.category()))
                .containsExactly(local.name(), local.version(), local.category());
        assertThat(plugin.types()).isEqualTo(local.types());
        Capability old = Capability.of("old", "demo", new CapabilitySpec("cache", "redis", "5", List.of()));
        assertThat(plugin.checkValidity(SESSIONS)).isEmpty();
        assertThat(plugin.checkValidity(old)).isEqualTo(local.checkValidity(old))
                .singleElement().asString().contains("\"5\" is not offered");

        List<DependentResource> remoteDependents = plugin.readyFor(SESSIONS);
        List<DependentResource> localDependents = local.readyFor(SESSIONS);
        assertThat(remoteDependents).extracting(d -> d.key().kind() + "/" + d.key().name())
                .containsExactly("ConfigMap/sessions-config", "Deployment/sessions");
        assertThat(remoteDependents).extracting(DependentResource::key)
                .isEqualTo(localDependents.stream().map(DependentResource::key).toList());
        assertThat(remoteDependents).extracting(DependentResource::config)
                .isEqualTo(localDependents.stream().map(DependentResource::config).toList());

        HasMetadata config = remoteDependents.get(0).build();
        assertThat(config).isEqualTo(localDependents.get(0).build()).isInstanceOf(ConfigMap.class);
        assertThat(((ConfigMap) config).getData()).containsEntry("redis.conf", "maxmemory 128mb\n");
        HasMetadata deployment = remoteDependents.get(1).build();
        assertThat(deployment).isEqualTo(localDependents.get(1).build()).isInstanceOf(Deployment.class);
        go.awaitLine("built dependent kind=Deployment name=sessions$");

        Deployment available = new DeploymentBuilder((Deployment) deployment)
                .withNewStatus().withAvailableReplicas(1).endStatus().build();
        for (HasMetadata live : List.of(available, deployment)) {
            DependentCondition expected = localDependents.get(1).condition(live);
            assertThat(remoteDependents.get(1).condition(live))
                    .extracting(DependentCondition::getType, DependentCondition::getReason, DependentCondition::getMessage)
                    .containsExactly(expected.getType(), expected.getReason(), expected.getMessage());
        }
        assertThat(remoteDependents.get(1).condition(available).getType()).isEqualTo(DependentCondition.READY);
    }

    @Test
    void errorsCarryTheirCodeByNameAndAMethodItDoesNotServeIsUnimplemented() throws Exception {
        RemotePluginServer server = serve(TOKEN, 0);
        launch(server, 0);
        RemotePlugin remote = awaitRegistered(server);

        Capability nameless = Capability.of(null, "demo", new CapabilitySpec("cache", "redis", "", List.of()));
        assertThatThrownBy(() -> capability(remote).readyFor(nameless))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("INVALID_ARGUMENT")
                .hasMessageContaining("owner has no metadata.name");
        go.awaitLine("call \\S+ failed: INVALID_ARGUMENT: owner has no metadata.name$");

        assertThatThrownBy(() -> remote.connection().call("Check", () ->
                HealthGrpc.newBlockingStub(remote.connection().channel()).check(HealthCheckRequest.getDefaultInstance())))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("UNIMPLEMENTED")
                .hasMessageContaining("unknown method /grpc.health.v1.Health/Check");
        assertThat(remote.state()).isEqualTo(PluginState.RUNNING);
    }

    @Test
    void servesCallsConcurrently() throws Exception {
        RemotePluginServer server = serve(TOKEN, 0);
        launch(server, 3_000);
        RemotePlugin remote = awaitRegistered(server);
        DependentResource deployment = capability(remote).readyFor(SESSIONS).get(1);

        callers = Executors.newFixedThreadPool(8);
        List<Future<HasMetadata>> builds = IntStream.range(0, 8).mapToObj(i -> callers.submit(deployment::build)).toList();
        // Eight calls sent at once, and all eight received by the plugin before it answered any.
        await().atMost(Duration.ofSeconds(20)).until(() -> remote.connections().get(0).callsInFlight() == 8);
        go.awaitLine(BUILD_CALL + "\\(timeout \\d+ ms, 8 in flight\\)$");
        for (Future<HasMetadata> build : builds) {
            assertThat(build.get(30, TimeUnit.SECONDS)).isInstanceOf(Deployment.class);
        }
        assertThat(go.count("built dependent kind=Deployment")).isEqualTo(8);
    }

    @Test
    void aCallPastItsDeadlineFailsAsATimeoutAndThePluginIsToldToCancelIt() throws Exception {
        RemotePluginServer server = serve(TOKEN, 0);
        launch(server, 10_000);
        RemotePlugin remote = awaitRegistered(server);

        assertThatThrownBy(() -> remote.connection().call("Build", () ->
                CapabilityPluginGrpc.newBlockingStub(remote.connection().channel())
                        .withDeadlineAfter(500, TimeUnit.MILLISECONDS).build(buildDeploymentRequest())))
                .isInstanceOf(PluginTimeoutException.class);
        Matcher call = go.awaitLine(BUILD_CALL + "\\(timeout (\\d+) ms");
        assertThat(Long.parseLong(call.group(2))).as("timeout_millis").isBetween(1L, 500L);
        String id = Pattern.quote(call.group(1));
        // The operator's cancel and the plugin's own deadline (a little later) race: either way the
        // plugin stops serving the call, is told to cancel it, and answers nothing.
        go.awaitLine("cancel " + id + "($|: )");
        go.awaitLine("call " + id + " not answered: ");
        assertThat(go.count("call " + id + " (answered|failed)")).isZero();

        assertThat(capability(remote).checkValidity(SESSIONS)).as("the stream still serves").isEmpty();
        assertThat(go.count("connected;")).isEqualTo(1);
    }

    @Test
    void aCallItsCallerGivesUpOnIsCancelledInThePlugin() throws Exception {
        RemotePluginServer server = serve(TOKEN, 0);
        launch(server, 60_000);
        RemotePlugin remote = awaitRegistered(server);

        ListenableFuture<BuildResponse> build = CapabilityPluginGrpc.newFutureStub(remote.connection().channel())
                .build(buildDeploymentRequest());
        String id = Pattern.quote(go.awaitLine(BUILD_CALL).group(1));
        assertThat(build.cancel(true)).isTrue();

        go.awaitLine("cancel " + id + "$");
        go.awaitLine("call " + id + " not answered: cancelled$");
        assertThat(go.count("call " + id + " (answered|failed)")).isZero();
        assertThat(capability(remote).checkValidity(SESSIONS)).as("the stream still serves").isEmpty();
    }

    @Test
    void aKilledPluginFailsItsCallInFlightAtOnceAndIsDisconnected() throws Exception {
        RemotePluginServer server = serve(TOKEN, 0);
        launch(server, 60_000);
        RemotePlugin remote = awaitRegistered(server);
        Plugin plugin = capability(remote);
        DependentResource deployment = plugin.readyFor(SESSIONS).get(1);

        callers = Executors.newSingleThreadExecutor();
        Future<HasMetadata> build = callers.submit(deployment::build);
        go.awaitLine(BUILD_CALL);
        go.kill();

        // Not its 30 s call timeout (a PluginTimeoutException), nor the 60 s Build: the stream's end.
        assertThatThrownBy(() -> build.get(20, TimeUnit.SECONDS))
                .hasCauseInstanceOf(PluginUnavailableException.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> remote.state() == PluginState.DISCONNECTED);
        assertThat(server.plugins().registry().stateOf(plugin)).contains(PluginState.DISCONNECTED);
        assertThatThrownBy(deployment::build).isInstanceOf(PluginUnavailableException.class)
                .hasMessageContaining("has no connection");
    }

    @Test
    void reconnectsByItselfToANewServerReadingItsTokenFileAgain() throws Exception {
        RemotePluginServer first = serve(TOKEN, 0);
        launch(first, 0);
        awaitRegistered(first);
        int port = first.port();

        first.close();
        go.awaitLine("stream ended: UNAVAILABLE: .*; reconnecting in ");
        writeToken("rotated-token");
        // Only the rotated token opens the new server: the plugin must have read the file again.
        RemotePluginServer second = await().atMost(Duration.ofSeconds(10)).ignoreExceptionsInstanceOf(PluginException.class)
                .until(() -> serve("rotated-token", port), s -> s != null);
        RemotePlugin again = awaitRegistered(second);

        assertThat(again.connections()).singleElement().extracting(RemoteConnection::identity).isEqualTo(GO_REDIS);
        assertThat(capability(again).readyFor(SESSIONS).get(0).build()).isInstanceOf(ConfigMap.class);
        assertThat(go.count("connected; registering as redis")).isEqualTo(2);
        assertThat(go.count("refused")).isZero();
        assertThat(ProcessHandle.of(go.pid()).map(ProcessHandle::isAlive)).contains(true);
    }

    @Test
    void aWrongTokenIsRefusedAndRetriedWithGrowingBackoff() throws Exception {
        RemotePluginServer server = serve(TOKEN, 0);
        go = GoRemoteProcess.start(server.address(), writeToken("wrong-token"), null, 0);

        List<Matcher> refusals = go.awaitLines("refused by the operator: UNAUTHENTICATED: .*; reconnecting in (\\S+)$", 3);
        List<Duration> waits = refusals.stream().map(m -> goDuration(m.group(1))).toList();
        // 0.5 s doubling, each +-20 %: the ranges do not overlap.
        assertThat(waits.get(0)).isBetween(Duration.ofMillis(400), Duration.ofMillis(600));
        assertThat(waits.get(1)).isBetween(Duration.ofMillis(800), Duration.ofMillis(1200));
        assertThat(waits.get(2)).isBetween(Duration.ofMillis(1600), Duration.ofMillis(2400));
        assertThat(server.plugins().list()).isEmpty();
        assertThat(go.log()).noneMatch(line -> line.contains("wrong-token"));
    }

    @Test
    void sigtermClosesTheStreamCleanly() throws Exception {
        RemotePluginServer server = serve(TOKEN, 0);
        launch(server, 0);
        RemotePlugin remote = awaitRegistered(server);

        assertThat(go.terminate()).as("exit status after SIGTERM").isZero();
        assertThat(go.log()).anyMatch(line -> line.endsWith("stopping: closing the stream"))
                .anyMatch(line -> line.endsWith("stopped"));
        await().atMost(Duration.ofSeconds(10)).until(() -> remote.state() == PluginState.DISCONNECTED);
        assertThat(remote.failure()).hasValueSatisfying(e -> assertThat(e).hasMessageContaining("the plugin ended the stream"));
    }

    @Test
    void connectsOverTlsVerifyingTheOperatorWithItsCaFile() throws Exception {
        PluginCertificate certificate = PluginCertificate.generate(); // self-signed, for "localhost"
        Path cert = Files.writeString(dir.resolve("tls.crt"), certificate.pem());
        Path key = Files.writeString(dir.resolve("tls.key"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(certificate.privateKey().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        RemotePluginServer server = serve(RemotePluginServerConfig.builder(RemoteAccess.tokens(Map.of(TOKEN, GO_REDIS)))
                .tls(cert, key));
        go = GoRemoteProcess.start("localhost:" + server.port(), writeToken(TOKEN), cert, 0);

        RemotePlugin remote = awaitRegistered(server);
        go.awaitLine("connecting to localhost:\\d+ \\(TLS\\)$");
        assertThat(capability(remote).checkValidity(SESSIONS)).isEmpty();
    }

    /** Go's time.Duration text, as the plugin logs its waits: "512ms", "1.023s". */
    private static Duration goDuration(String text) {
        if (text.endsWith("ms")) {
            return Duration.ofNanos(Math.round(Double.parseDouble(text.substring(0, text.length() - 2)) * 1e6));
        }
        return Duration.ofNanos(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 1e9));
    }
}
