package io.halkyon.plugin.proto.pluginframework;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.grpc.MethodDescriptor;
import io.halkyon.plugin.proto.pluginframework.v1.PluginError;
import io.halkyon.plugin.proto.pluginframework.v1.PluginFrameworkServiceGrpc;
import io.halkyon.plugin.proto.pluginframework.v1.PluginRPCCall;
import io.halkyon.plugin.proto.pluginframework.v1.PluginRPCResponse;
import io.halkyon.plugin.proto.pluginframework.v1.PluginRegister;
import io.halkyon.plugin.proto.pluginframework.v1.PluginStreamMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The registration stream is byte-for-byte what the Go operator plugin framework's
 * {@code pluginframework.v1} sends: messages are encoded here by hand with that file's field
 * numbers and must read back as ours, and ours must encode to the same bytes.
 */
class PluginFrameworkWireTest {

    @Test
    void theServiceAndItsBidirectionalStreamHaveTheReferenceNames() {
        MethodDescriptor<PluginStreamMessage, PluginStreamMessage> method =
                PluginFrameworkServiceGrpc.getPluginStreamMethod();
        assertThat(method.getFullMethodName()).isEqualTo("pluginframework.v1.PluginFrameworkService/PluginStream");
        assertThat(method.getType()).isEqualTo(MethodDescriptor.MethodType.BIDI_STREAMING);
    }

    @Test
    void registerIsFieldOneWithNameAndVersion() throws IOException {
        byte[] wire = message(1, fields(string(1, "postgres"), string(2, "1.2.0")));

        PluginStreamMessage read = PluginStreamMessage.parseFrom(wire);

        assertThat(read.getRegister()).isEqualTo(PluginRegister.newBuilder().setName("postgres").setVersion("1.2.0")
                .build());
        assertThat(read.toByteArray()).isEqualTo(wire);
    }

    @Test
    void aCallIsFieldTwoWithRequestIdMethodAndPayload() throws IOException {
        byte[] payload = {8, 1, 0, (byte) 0xff};
        byte[] wire = message(2, fields(string(1, "r-1"), string(2, "/halkyon.capability.v1.CapabilityPlugin/GetInfo"),
                bytes(3, payload)));

        PluginStreamMessage ours = PluginStreamMessage.newBuilder().setRpcCall(PluginRPCCall.newBuilder()
                .setRequestId("r-1").setMethod("/halkyon.capability.v1.CapabilityPlugin/GetInfo")
                .setPayload(ByteString.copyFrom(payload))).build();

        assertThat(ours.toByteArray()).isEqualTo(wire);
        assertThat(PluginStreamMessage.parseFrom(wire)).isEqualTo(ours);
    }

    @Test
    void aResponseIsFieldThreeAndAnErrorFieldFour() throws IOException {
        byte[] response = message(3, fields(string(1, "r-1"), bytes(2, new byte[] {1, 2, 3})));
        byte[] error = message(4, fields(string(1, "plugin not registered"), string(2, "NotFound")));

        assertThat(PluginStreamMessage.parseFrom(response).getRpcResponse()).isEqualTo(PluginRPCResponse.newBuilder()
                .setRequestId("r-1").setPayload(ByteString.copyFrom(new byte[] {1, 2, 3})).build());
        assertThat(PluginStreamMessage.parseFrom(error).getError()).isEqualTo(PluginError.newBuilder()
                .setMessage("plugin not registered").setCode("NotFound").build());
    }

    /** A PluginStreamMessage whose oneof holds {@code inner} at field {@code number}. */
    private static byte[] message(int number, byte[] inner) throws IOException {
        return fields(bytes(number, inner));
    }

    private static byte[] fields(byte[]... encoded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] field : encoded) {
            out.writeBytes(field);
        }
        return out.toByteArray();
    }

    private static byte[] string(int number, String value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CodedOutputStream coded = CodedOutputStream.newInstance(out);
        coded.writeString(number, value);
        coded.flush();
        return out.toByteArray();
    }

    private static byte[] bytes(int number, byte[] value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CodedOutputStream coded = CodedOutputStream.newInstance(out);
        coded.writeByteArray(number, value);
        coded.flush();
        return out.toByteArray();
    }
}
