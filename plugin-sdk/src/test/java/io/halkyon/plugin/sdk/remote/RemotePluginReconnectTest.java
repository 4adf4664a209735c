package io.halkyon.plugin.sdk.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.halkyon.plugin.api.PluginAccessException;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.proto.internal.mtls.PluginCertificate;
import io.halkyon.plugin.sdk.remote.RemotePlugin.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A remote plugin's connection cycle: streams that end, operators that refuse, tokens that rotate, TLS. */
class RemotePluginReconnectTest {

    private static final Duration WAIT = RemotePluginTest.WAIT;

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final TestService service = new TestService();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private FakeOperator operator() throws Exception {
        FakeOperator operator = FakeOperator.start();
        toClose.add(operator);
        return operator;
    }

    private RemotePluginConfig.Builder config(String target) {
        return RemotePluginConfig.builder().name("reconnecting").target(target).plaintext().services(service)
                .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50));
    }

    private RemotePlugin connect(RemotePluginConfig config) {
        RemotePlugin plugin = RemotePlugin.connect(config);
        toClose.add(plugin);
        return plugin;
    }

    @Test
    void aDroppedStreamCancelsItsCallsAndReconnectsReadingTheTokenFileAgain() throws Exception {
        FakeOperator operator = operator();
        Path token = Files.writeString(dir.resolve("token"), "token-1\n");
        RemotePlugin plugin = connect(config(operator.target()).tokenFile(token).build());
        FakeStream first = operator.nextStream();
        first.awaitRegister();
        assertThat(first.authorization()).isEqualTo("Bearer token-1");
        first.call("req-1", TestService.method("Block"), "in-flight", 60_000);
        await().atMost(WAIT).until(() -> service.blocked.contains("in-flight"));

        Files.writeString(token, "token-2\n"); // the kubelet rotated it
        first.drop(Status.UNAVAILABLE.withDescription("operator restarting"));

        assertThat(service.awaitCancelled("in-flight")).as("the call in flight is cancelled").isTrue();
        FakeStream second = operator.nextStream();
        assertThat(second.awaitRegister().getName()).isEqualTo("reconnecting");
        assertThat(second.authorization()).isEqualTo("Bearer token-2");
        assertThat(plugin.awaitState(State.REGISTERED, WAIT)).isTrue();
        assertThat(plugin.connections()).isEqualTo(2);
        assertThat(plugin.lastFailure()).get().extracting(Throwable::getMessage).asString()
                .contains("remote plugin 'reconnecting'", "UNAVAILABLE: operator restarting");
        // The new stream serves calls.
        second.call("req-2", TestService.method("Echo"), "again", 10_000);
        assertThat(FakeStream.text(second.next())).isEqualTo("echo:again");
        assertThat(first.all()).hasSize(1); // register only: the cancelled call was not answered
    }

    @Test
    void aRefusedTokenIsReportedAndRetriedWithBackoffUntilAccepted() throws Exception {
        assertRefusedThenAccepted(Status.UNAUTHENTICATED.withDescription("token not valid: expired"),
                PluginAccessException.Reason.UNAUTHENTICATED, "refused the token (token file");
    }

    @Test
    void aRefusedPermissionIsRetriedTooForItMayBeGrantedLater() throws Exception {
        assertRefusedThenAccepted(Status.PERMISSION_DENIED.withDescription("system:serviceaccount:ns:sa may not"
                        + " register 'reconnecting'"), PluginAccessException.Reason.PERMISSION_DENIED,
                "refused to let this identity register 'reconnecting'");
    }

    private void assertRefusedThenAccepted(Status refusal, PluginAccessException.Reason reason, String says)
            throws Exception {
        FakeOperator operator = operator();
        operator.refuseWith(refusal);
        Path token = Files.writeString(dir.resolve("token"), "secret-token-value");
        // A backoff long enough to see the plugin waiting.
        RemotePlugin plugin = connect(config(operator.target()).tokenFile(token)
                .reconnectBackoff(Duration.ofMillis(400), Duration.ofSeconds(2)).build());

        FakeStream refused = operator.nextStream();
        assertThat(refused.authorization()).isEqualTo("Bearer secret-token-value");
        assertThat(plugin.awaitState(State.BACKING_OFF, WAIT)).isTrue();
        PluginException failure = plugin.lastFailure().orElseThrow();
        assertThat(failure).isInstanceOf(PluginAccessException.class);
        assertThat(((PluginAccessException) failure).reason()).isEqualTo(reason);
        assertThat(failure.getMessage()).contains("remote plugin 'reconnecting'", says, refusal.getDescription())
                .doesNotContain("secret-token-value");

        FakeStream retried = operator.nextStream(); // retried, still refused
        assertThat(retried.awaitEnd()).startsWith("dropped by the operator");
        operator.refuseWith(null); // the token was rotated, or the permission granted
        FakeStream accepted = operator.nextStream();
        while (accepted.wasRefused()) {
            accepted = operator.nextStream(); // an attempt that raced the change
        }
        assertThat(accepted.awaitRegister().getName()).isEqualTo("reconnecting");
        assertThat(plugin.awaitState(State.REGISTERED, WAIT)).isTrue();
        assertThat(plugin.connections()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aMissingTokenFileIsReportedAndReadAgainAtTheNextAttempt() throws Exception {
        FakeOperator operator = operator();
        Path token = dir.resolve("projected-token");
        RemotePlugin plugin = connect(config(operator.target()).tokenFile(token)
                .reconnectBackoff(Duration.ofMillis(200), Duration.ofMillis(400)).build());

        assertThat(plugin.awaitState(State.BACKING_OFF, WAIT)).isTrue();
        assertThat(plugin.lastFailure().orElseThrow().getMessage()).contains("remote plugin 'reconnecting'",
                "no token file " + token);
        assertThat(plugin.connections()).isZero();

        Files.writeString(token, "mounted-later");
        FakeStream stream = operator.nextStream();
        stream.awaitRegister();
        assertThat(stream.authorization()).isEqualTo("Bearer mounted-later");
    }

    @Test
    void anOperatorThatIsNotListeningIsRetried() throws Exception {
        FakeOperator gone = FakeOperator.start();
        String target = gone.target();
        gone.close();
        RemotePlugin plugin = connect(config(target).staticToken("t")
                .reconnectBackoff(Duration.ofMillis(200), Duration.ofMillis(400)).build());

        assertThat(plugin.awaitState(State.BACKING_OFF, WAIT)).isTrue();
        assertThat(plugin.lastFailure().orElseThrow().getMessage()).contains("UNAVAILABLE");
        assertThat(plugin.lastFailure().orElseThrow().isRetryable()).isTrue();
        await().atMost(WAIT).until(() -> plugin.connections() >= 2);
    }

    @Test
    void itDialsAUnixSocket() throws Exception {
        FakeOperator operator = FakeOperator.startUnix();
        toClose.add(operator);

        RemotePlugin plugin = connect(config(operator.target()).staticToken("t").build());

        FakeStream stream = operator.nextStream();
        assertThat(stream.awaitRegister().getName()).isEqualTo("reconnecting");
        assertThat(plugin.awaitState(State.REGISTERED, WAIT)).isTrue();
        stream.call("req-1", TestService.method("Echo"), "over a socket", 10_000);
        assertThat(FakeStream.text(stream.next())).isEqualTo("echo:over a socket");
    }

    @Test
    void overTlsItTrustsTheCaFileAndChecksTheServerName() throws Exception {
        PluginCertificate certificate = PluginCertificate.generate(); // self-signed CA for "localhost"
        FakeOperator operator = FakeOperator.startTls(certificate);
        toClose.add(operator);
        Path ca = Files.writeString(dir.resolve("ca.crt"), certificate.pem());

        connect(config(operator.target()).tls(ca).serverName("localhost").staticToken("t").build());

        FakeStream stream = operator.nextStream();
        stream.awaitRegister();
        assertThat(stream.authorization()).isEqualTo("Bearer t");
    }

    @Test
    void overTlsAnOperatorWhoseCertificateTheCaDidNotSignIsRefused() throws Exception {
        FakeOperator operator = FakeOperator.startTls(PluginCertificate.generate());
        toClose.add(operator);
        Path otherCa = Files.writeString(dir.resolve("ca.crt"), PluginCertificate.generate().pem());

        RemotePlugin plugin = connect(config(operator.target()).tls(otherCa).serverName("localhost").staticToken("t")
                .reconnectBackoff(Duration.ofMillis(200), Duration.ofMillis(400)).build());

        assertThat(plugin.awaitState(State.BACKING_OFF, WAIT)).isTrue();
        assertThat(plugin.lastFailure().orElseThrow().getMessage()).contains("UNAVAILABLE");
        assertThat(operator.streams()).isEmpty();
    }

    @Test
    void aCaFileWithoutCertificatesIsReportedNamingIt() throws Exception {
        FakeOperator operator = operator();
        Path ca = Files.writeString(dir.resolve("ca.crt"), "not a certificate\n");

        RemotePlugin plugin = connect(config(operator.target()).tls(ca).staticToken("t")
                .reconnectBackoff(Duration.ofMillis(200), Duration.ofMillis(400)).build());

        assertThat(plugin.awaitState(State.BACKING_OFF, WAIT)).isTrue();
        assertThat(plugin.lastFailure().orElseThrow().getMessage()).contains("remote plugin 'reconnecting'",
                "the CA file " + ca, "expected PEM certificates");
    }
}
