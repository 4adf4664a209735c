package io.halkyon.examples.remotepostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilitySpec;
import io.halkyon.plugin.api.CapabilityStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote postgres plugin's jar and the operator's jar as real processes, talking TLS over
 * loopback as in a cluster: the operator runs its embedded API server (whose demo ServiceAccount's
 * token the plugins send) with the sample {@code postgres-db} Capability. One operator serves the
 * tests in turn (each starts and kills its own plugins); the last restarts it. Every process is
 * killed by its pid and reaped at the end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemotePostgresIT {

    private static final String READY = "Capability default/%s is Ready";
    /** How the demo shows the Ready condition of a Capability whose plugin has no connection (a regex). */
    private static final String UNAVAILABLE = "\\(Ready=Unknown, PluginUnavailable\\): ";
    private static final String RUNNING = "remote plugin 'postgres' \\w+ -> RUNNING";
    /** The operator's log line for an accepted registration; group 1 is the peer. */
    private static final String REGISTERED = "remote plugin 'postgres' \\S+ registered from (/127\\.0\\.0\\.1:\\d+) as "
            + "system:serviceaccount:default:demo-plugin";

    private Path dir;
    private int port;
    private TestTls tls;
    private Path samples;
    private Path tokenFile;
    private OperatorRun operator;
    private final List<ProcessRun> plugins = new ArrayList<>();

    @BeforeAll
    void startTheOperator(@TempDir Path dir) throws Exception {
        this.dir = dir;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        tls = TestTls.write(dir);
        samples = Files.createDirectories(dir.resolve("samples"));
        Files.copy(Path.of("..", "capabilities", "postgres-capability.yaml"), samples.resolve("postgres.yaml"));
        operator = OperatorRun.start(Files.createDirectories(dir.resolve("operator-1")), samples, port, tls);
        tokenFile = writeToken(operator.token());
    }

    @AfterEach
    void killThePlugins() throws InterruptedException {
        for (ProcessRun plugin : plugins) {
            plugin.close();
        }
        plugins.clear();
    }

    @AfterAll
    void stopTheOperatorAndCheckNothingIsLeft() throws InterruptedException {
        if (operator != null) {
            operator.close();
        }
        await("no process of this test left").atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive));
    }

    /** Writes the token file as the kubelet does: the new content appears at once, whole. */
    private Path writeToken(String token) throws IOException {
        Path next = Files.writeString(dir.resolve("token.next"), token + "\n");
        return Files.move(next, dir.resolve("token"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    private ProcessRun startPlugin(Path token) throws IOException {
        ProcessRun plugin = PluginRun.start(port, token, tls.cert());
        plugins.add(plugin);
        return plugin;
    }

    private static Capability postgres(String name) {
        return Capability.of(name, "default", new CapabilitySpec("database", "postgres", "16", List.of()));
    }

    @Test
    @Order(1)
    void aCapabilityBecomesReadyThroughTheRemotePlugin() throws Exception {
        int from = operator.stdout().size();
        ProcessRun plugin = startPlugin(tokenFile);

        plugin.stderr().awaitLine(0, "remote plugin 'postgres' connecting to localhost:" + port + " \\(TLS, token file ");
        operator.stdout().awaitLine(from, RUNNING);
        operator.stdout().awaitLine(from, READY.formatted("postgres-db"));
        assertThat(operator.stdout().all().subList(from, operator.stdout().size()))
                .anyMatch(line -> line.endsWith("+ created Secret default/postgres-db-config (owned by Capability postgres-db)"))
                .anyMatch(line -> line.endsWith("+ created StatefulSet default/postgres-db (owned by Capability postgres-db)"))
                .anyMatch(line -> line.endsWith("+ created Service default/postgres-db (owned by Capability postgres-db)"));
        assertThat(operator.stderr().count(0, REGISTERED)).isEqualTo(1);
        assertThat(operator.identities()).containsExactly("system:serviceaccount:default:demo-plugin");
    }

    @Test
    @Order(2)
    void aWrongTokenIsRefusedByTheOperatorAndNeverRegisters() throws Exception {
        int out = operator.stdout().size();
        int err = operator.stderr().size();
        Path wrong = Files.writeString(dir.resolve("wrong-token"), "not-the-demo-token\n");
        ProcessRun plugin = startPlugin(wrong);

        // Refused, retried with the file read again, refused again: it never got in between.
        plugin.stderr().awaitLines(0, "the operator at localhost:" + port + " refused the token \\(token file " + wrong
                + "\\): UNAUTHENTICATED: .*; connecting again in ", 2);
        operator.stderr().awaitLines(err, "unregistered stream from /127\\.0\\.0\\.1:\\d+: ended before it was registered: "
                + "UNAUTHENTICATED: ", 2);
        assertThat(operator.stderr().count(err, "registered from")).isZero();
        assertThat(operator.stdout().count(out, RUNNING)).isZero();
        assertThat(operator.stderr().all()).noneMatch(line -> line.contains("not-the-demo-token"));
        assertThat(plugin.stderr().all()).noneMatch(line -> line.contains("not-the-demo-token"));
    }

    @Test
    @Order(3)
    void withTwoReplicasTheOtherServesWhenOneIsKilled() throws Exception {
        int from = operator.stdout().size();
        int logged = operator.stderr().size();
        ProcessRun first = startPlugin(tokenFile);
        ProcessRun second = startPlugin(tokenFile);
        operator.awaitReplicas(2);
        assertThat(operator.stderr().awaitLines(logged, REGISTERED, 2)).extracting(m -> m.group(1))
                .as("two connections, from two peers").doesNotHaveDuplicates();

        first.kill();
        operator.awaitReplicas(1);
        // Calls of a Capability applied now can only be served by the replica left.
        operator.create(postgres("failover-db"));

        operator.stdout().awaitLine(from, READY.formatted("failover-db"));
        operator.awaitReason("postgres-db", CapabilityStatus.READY);
        assertThat(operator.stdout().count(from, "remote plugin 'postgres' RUNNING -> DISCONNECTED"))
                .as("the plugin stayed connected through its other replica").isZero();
        assertThat(second.isAlive()).isTrue();
    }

    @Test
    @Order(4)
    void withNoReplicaLeftItsCapabilitiesAreFailedAsTemporaryUntilOneRegisters() throws Exception {
        ProcessRun only = startPlugin(tokenFile);
        operator.awaitReplicas(1);
        operator.awaitReason("postgres-db", CapabilityStatus.READY);
        int from = operator.stdout().size();

        only.kill();
        operator.stdout().awaitLine(from, "Capability default/postgres-db is Failed " + UNAVAILABLE
                + ".*remote plugin 'postgres' has no connection.*temporary");
        operator.create(postgres("late-db"));
        operator.stdout().awaitLine(from, "Capability default/late-db is Failed " + UNAVAILABLE
                + ".*remote plugin 'postgres' has no connection");
        startPlugin(tokenFile);

        operator.stdout().awaitLine(from, READY.formatted("late-db"));
        operator.stdout().awaitLine(from, READY.formatted("postgres-db"));
    }

    @Test
    @Order(5)
    void theSamePluginProcessReconnectsToARestartedOperator() throws Exception {
        ProcessRun plugin = startPlugin(tokenFile);
        operator.awaitReplicas(1);
        int logged = plugin.stderr().size();

        assertThat(operator.terminate()).as("the operator's exit status after SIGTERM").isZero();
        plugin.stderr().awaitLine(logged, "the stream to the operator at localhost:" + port + " ended: UNAVAILABLE: ");
        // A new operator on the same port: a new embedded API server, hence a new demo token.
        operator = OperatorRun.start(Files.createDirectories(dir.resolve("operator-2")), samples, port, tls);
        writeToken(operator.token());

        operator.stdout().awaitLine(0, RUNNING);
        operator.stdout().awaitLine(0, READY.formatted("postgres-db"));
        operator.awaitReplicas(1);
        assertThat(plugin.isAlive()).as(plugin.describe()).isTrue();
        assertThat(plugins).containsExactly(plugin);

        int out = operator.stdout().size();
        assertThat(plugin.terminate()).as("the plugin's exit status after SIGTERM").isZero();
        // SIGTERM: the plugin drains its stream (no new calls, answers still taken), then leaves.
        operator.stdout().awaitLine(out, "remote plugin 'postgres' RUNNING -> DISCONNECTED: its last connection ended:"
                + " OK: the plugin drained this connection");
    }

    @Test
    @Order(6)
    void withoutAnAddressItSaysWhichVariableIsMissingAndExitsWithTwo() throws Exception {
        ProcessRun plugin = ProcessRun.startJar("remote-postgres", ProcessRun.FAST_START, PluginRun.jar(), List.of(),
                Map.of(PluginSettings.TOKEN_FILE, tokenFile.toString()));
        plugins.add(plugin);

        assertThat(plugin.awaitExit()).isEqualTo(2);
        assertThat(plugin.stderr().all()).containsExactly("remote-postgres: HALKYON_OPERATOR_ADDRESS is required: the"
                + " operator's plugin server, host:port (halkyon-operator-plugins.halkyon.svc:9443) or unix:/path");
    }
}
