package io.halkyon.plugin.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.MetadataUtils;
import io.halkyon.plugin.proto.capability.v1.CapabilityPluginGrpc;
import io.halkyon.plugin.proto.capability.v1.GetInfoRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The services of one real plugin process, dialed over the unix socket its handshake names.
 * One process serves every test of the class (starting a JVM per call would be slow); it is
 * killed, with any descendant, after the last test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProcessServicesTest {

    private PluginProcess process;
    private ManagedChannel channel;
    private CapabilityPluginGrpc.CapabilityPluginBlockingStub capability;

    @BeforeAll
    void start() throws Exception {
        process = PluginProcess.start("serve", java.util.Map.of());
        String[] fields = process.handshakeFields();
        channel = Wire.dial(fields[2], fields[3]);
        capability = CapabilityPluginGrpc.newBlockingStub(channel);
    }

    @AfterAll
    void stop() throws InterruptedException {
        Wire.close(channel);
        if (process != null) {
            process.close();
        }
    }

    private CapabilityPluginGrpc.CapabilityPluginBlockingStub call() {
        return capability.withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    @Test
    void healthReportsPluginServing() {
        assertThat(HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService("plugin").build()).getStatus())
                .isEqualTo(ServingStatus.SERVING);
    }

    @Test
    void getInfoAndBuildAnswerFromTheProcess() {
        assertThat(call().getInfo(GetInfoRequest.getDefaultInstance()).getName()).isEqualTo("test-thing");
        assertThat(Wire.object(call().build(Wire.request("db7", "db7-config")).getObject()).getMetadata().getName())
                .isEqualTo("db7-config");
    }

    @Test
    void theHostsTraceparentReachesPluginCodeAndAnInvalidOneIsIgnored() {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        assertThat(built(traceparent)).containsEntry("traceparent", traceparent);
        assertThat(built("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-later"))
                .as("a later version, in its version-00 form")
                .containsEntry("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
        assertThat(built("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).doesNotContainKey("traceparent");
        assertThat(built("not a traceparent")).doesNotContainKey("traceparent");
        assertThat(built(null)).doesNotContainKey("traceparent");
    }

    /** The data of the ConfigMap the plugin builds in a call with this traceparent header (null: none). */
    private java.util.Map<String, String> built(String traceparent) {
        Metadata headers = new Metadata();
        if (traceparent != null) {
            headers.put(Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER), traceparent);
        }
        return ((io.fabric8.kubernetes.api.model.ConfigMap) Wire.object(call()
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .build(Wire.request("db7", "db7-config")).getObject())).getData();
    }

    @Test
    void anExceptionInPluginCodeSurfacesAsAStatusWithItsMessage() {
        assertThatThrownBy(() -> call().build(Wire.request("db1", "boom")))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
                    assertThat(e.getStatus().getDescription()).isEqualTo("kaboom while building v1/ConfigMap/boom");
                });
        process.awaitStderr("\"stacktrace\":\"java.lang.IllegalStateException: kaboom");
    }

    @Test
    void systemOutOfPluginCodeGoesToStderrNeverToStdout() {
        call().build(Wire.request("db1", "printer"));

        process.awaitStderr(TestPlugin.PRINTED);
        assertThat(process.stdout()).hasSize(1).allMatch(line -> line.startsWith("1|1|unix|"));
    }

    @Test
    void logLinesOnStderrAreHclogJson() throws Exception {
        call().build(Wire.request("db1", "printer"));
        process.awaitStderr("from JUL");

        ObjectMapper json = new ObjectMapper();
        List<JsonNode> logs = new ArrayList<>();
        for (String line : process.stderr()) {
            if (line.equals(TestPlugin.PRINTED)) {
                continue; // plain System.out text, forwarded as is
            }
            JsonNode node = json.readTree(line); // every other line must be one JSON object
            assertThat(node.has("@level") && node.has("@message") && node.has("@timestamp"))
                    .as("hclog keys in %s", line).isTrue();
            assertThat(node.get("@timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
            logs.add(node);
        }
        assertThat(logs).anySatisfy(node -> {
            assertThat(node.get("@level").asText()).isEqualTo("info");
            assertThat(node.get("@message").asText()).isEqualTo("built v1/ConfigMap/printer with \"quotes\"\tand a tab");
            assertThat(node.get("@module").asText()).isEqualTo(TestPlugin.class.getName());
            assertThat(node.get("error").asText()).isEqualTo("java.lang.IllegalArgumentException: attached cause");
        });
        assertThat(logs).anySatisfy(node -> {
            assertThat(node.get("@level").asText()).isEqualTo("warn");
            assertThat(node.get("@message").asText()).isEqualTo("from JUL\nsecond line");
            assertThat(node.get("@module").asText()).isEqualTo("jul.test");
        });
    }
}
