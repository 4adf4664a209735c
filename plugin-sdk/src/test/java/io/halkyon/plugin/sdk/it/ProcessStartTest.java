package io.halkyon.plugin.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.halkyon.plugin.api.PluginProtocol;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How a plugin process starts: cookie, version negotiation, listener, handshake line. */
class ProcessStartTest {

    private final List<PluginProcess> processes = new ArrayList<>();
    private ManagedChannel channel;

    @AfterEach
    void cleanUp() throws InterruptedException {
        Wire.close(channel);
        processes.forEach(PluginProcess::close);
    }

    private PluginProcess start(String scenario, Map<String, String> env) throws IOException {
        PluginProcess process = PluginProcess.start(scenario, env);
        processes.add(process);
        return process;
    }

    @Test
    void withoutTheCookieItSaysItIsAPluginPrintsNothingOnStdoutAndExits1() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put(PluginProtocol.MAGIC_COOKIE_KEY, null);
        PluginProcess process = PluginProcess.startRaw("serve", env);
        processes.add(process);

        assertThat(process.awaitExit(Duration.ofSeconds(20))).isEqualTo(1);
        assertThat(process.stdout()).isEmpty();
        assertThat(process.stderrText()).contains("This binary is a plugin. These are not meant to be executed directly.");
    }

    @Test
    void aWrongCookieValueIsRefusedToo() throws Exception {
        PluginProcess process = start("serve", Map.of(PluginProtocol.MAGIC_COOKIE_KEY, "wrong"));

        assertThat(process.awaitExit(Duration.ofSeconds(20))).isEqualTo(1);
        assertThat(process.stdout()).isEmpty();
        assertThat(process.stderrText()).contains("This binary is a plugin");
    }

    @Test
    void printsOneHandshakeLineWithAUnixSocketInAPrivateDirectory() throws Exception {
        PluginProcess process = start("serve", Map.of());

        String[] fields = process.handshakeFields();
        assertThat(fields).hasSize(6);
        assertThat(fields[0]).isEqualTo("1");
        assertThat(fields[1]).isEqualTo("1");
        assertThat(fields[2]).isEqualTo("unix");
        assertThat(fields[4]).isEqualTo("grpc");
        assertThat(fields[5]).isEmpty();
        Path socket = Path.of(fields[3]);
        assertThat(socket).isAbsolute().hasFileName("plugin.sock").exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())))
                .isEqualTo("rwx------");
        process.awaitStderr("serving app protocol version 1");
        assertThat(process.stdout()).hasSize(1);
    }

    @Test
    void printingWhileStartingNeverReachesStdout() throws Exception {
        PluginProcess process = start("noisy", Map.of());

        assertThat(process.awaitHandshake()).startsWith("1|1|unix|");
        process.awaitStderr("serving app protocol");
        assertThat(process.stdout()).hasSize(1);
        assertThat(process.stderr()).contains(TestPluginMain.NOISE);
    }

    @Test
    void aResourceThatCannotDescribeItselfExits1WithTheReason() throws Exception {
        PluginProcess process = start("broken", Map.of());

        assertThat(process.awaitExit(Duration.ofSeconds(20))).isEqualTo(1);
        assertThat(process.stdout()).isEmpty();
        assertThat(process.stderrText()).contains("cannot start", "types are not configured");
    }

    @Test
    void picksTheHighestVersionTheHostOffersAndThePluginSpeaks() throws Exception {
        PluginProcess both = start("versions12", Map.of(PluginProtocol.ENV_PROTOCOL_VERSIONS, "1,2"));
        PluginProcess onlyOne = start("serve", Map.of(PluginProtocol.ENV_PROTOCOL_VERSIONS, "1,2"));

        assertThat(both.handshakeFields()[1]).isEqualTo("2");
        assertThat(onlyOne.handshakeFields()[1]).isEqualTo("1");
    }

    @Test
    void withoutACommonVersionItExits1NamingBothSets() throws Exception {
        PluginProcess process = start("serve", Map.of(PluginProtocol.ENV_PROTOCOL_VERSIONS, "3,4"));

        assertThat(process.awaitExit(Duration.ofSeconds(20))).isEqualTo(1);
        assertThat(process.stdout()).isEmpty();
        assertThat(process.stderrText()).contains("no app protocol version in common", "[3, 4]", "speaks [1]");
    }

    @Test
    void withNoSlf4jProviderAFailedStartStillSaysWhyOnStderrInAFormTheHostParses() throws Exception {
        PluginProcess process = PluginProcess.startWithoutLogProvider("serve",
                Map.of(PluginProtocol.ENV_PROTOCOL_VERSIONS, "3,4"));
        processes.add(process);

        assertThat(process.awaitExit(Duration.ofSeconds(20))).isEqualTo(1);
        assertThat(process.stderrText()).as("the classpath really has no provider").contains("No SLF4J providers");
        assertThat(process.stderr()).anySatisfy(line -> assertThat(line)
                .startsWith("[ERROR] plugin 'test-thing' cannot start: ").contains("no app protocol version in common"));
    }

    @Test
    void listensOnTcpWithinTheGivenPortRangeWhenTheHostAsks() throws Exception {
        int min = freePortBlockStart();
        PluginProcess process = start("serve", Map.of(
                PluginProtocol.ENV_NETWORK, "tcp",
                PluginProtocol.ENV_MIN_PORT, String.valueOf(min),
                PluginProtocol.ENV_MAX_PORT, String.valueOf(min + 2)));

        String[] fields = process.handshakeFields();
        assertThat(fields[2]).isEqualTo("tcp");
        assertThat(fields[3]).startsWith("127.0.0.1:");
        int port = Integer.parseInt(fields[3].substring("127.0.0.1:".length()));
        assertThat(port).isBetween(min, min + 2);

        channel = Wire.dial("tcp", fields[3]);
        assertThat(HealthGrpc.newBlockingStub(channel)
                .check(HealthCheckRequest.newBuilder().setService("plugin").build()).getStatus())
                .isEqualTo(ServingStatus.SERVING);
    }

    @Test
    void theConfigCanAskForTcp() throws Exception {
        int min = freePortBlockStart();
        PluginProcess process = start("tcp", Map.of(
                PluginProtocol.ENV_MIN_PORT, String.valueOf(min),
                PluginProtocol.ENV_MAX_PORT, String.valueOf(min + 2)));

        String[] fields = process.handshakeFields();
        assertThat(fields[2]).isEqualTo("tcp");
        assertThat(Integer.parseInt(fields[3].substring("127.0.0.1:".length()))).isBetween(min, min + 2);
    }

    /** A port that was free a moment ago, low enough for a block of three above it. */
    private static int freePortBlockStart() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return Math.min(socket.getLocalPort(), 65530);
        }
    }
}
